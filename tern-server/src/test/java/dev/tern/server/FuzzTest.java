package dev.tern.server;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.server.ec2.Ec2Api;
import dev.tern.server.ec2.Ec2Operation;
import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Throws thousands of random and malformed EC2 Query requests at a real server, most of them properly signed so
 * that they reach the parsers and the services, and checks every answer: never a 5xx, never a hang, always
 * well-formed XML, and every error an EC2 error document.
 *
 * <p>Each request is generated from its own {@code Random(seed, index)}, so a failure names the seed and index
 * that reproduce it: {@code -Dfuzz.seed=S} (and {@code -Dfuzz.only=I} to send just that request);
 * {@code -Dfuzz.requests=N} changes how many are sent.
 */
class FuzzTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int THREADS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String VERSION = "2016-11-15";
    private static final int MAX_REPORTED = 15;

    private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-f]{17}");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("snap-[0-9a-f]{17}");
    private static final Pattern NEXT_TOKEN = Pattern.compile("<nextToken>([^<]+)</nextToken>");
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");

    /** What the server has handed out so far: ids and paging tokens worth sending back. */
    private final Set<String> images = new ConcurrentSkipListSet<>();
    private final Set<String> snapshots = new ConcurrentSkipListSet<>();
    private final Set<String> ownSnapshots = new ConcurrentSkipListSet<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    /** The actions the server answers today, from its own table: new ones are fuzzed as they land. */
    private List<String> implemented;

    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> clean = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> timeByAction = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<long[]> slowest = new ConcurrentLinkedQueue<>();

    @Test
    void randomAndMalformedRequestsGetA4xxOrA2xxWithWellFormedXml() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        String only = System.getProperty("fuzz.only");
        System.out.println("FuzzTest seed " + seed + " (reproduce with -Dfuzz.seed=" + seed + ")");
        for (String id : List.of("ami-0123456789abcdef0", "ami-00000000000000000", "snap-0123456789abcdef0")) {
            (id.startsWith("ami") ? images : snapshots).add(id);
        }
        implemented = Ec2Api.operations(tern.app().services()).all().stream().map(Ec2Operation::action).sorted().toList();
        System.out.println("FuzzTest: actions " + implemented);
        seedState();

        int port = tern.endpoint().getPort();
        long started = System.nanoTime();
        if (only != null) {
            run(seed, Integer.parseInt(only), port);
        } else {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                            run(seed, i, port);
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("FuzzTest: " + (only != null ? 1 : REQUESTS) + " requests in " + millis + " ms; statuses "
                + new TreeMap<>(statuses) + "; error codes " + new TreeMap<>(codes));

        System.out.println("FuzzTest: well-formed requests by action and answer: " + new TreeMap<>(clean));
        System.out.println("FuzzTest: time by action (micros): " + new TreeMap<>(timeByAction));
        List<long[]> slow = new ArrayList<>(slowest);
        slow.sort((a, b) -> Long.compare(b[0], a[0]));
        System.out.println("FuzzTest: latency p50/p90/p99 (micros): " + slow.get(slow.size() / 2)[0] + "/"
                + slow.get(slow.size() / 10)[0] + "/" + slow.get(slow.size() / 100)[0]);
        System.out.println("FuzzTest: slowest requests (micros, index): "
                + slow.stream().limit(10).map(x -> x[0] + "us #" + x[1]).toList()
                + "; total micros " + slow.stream().mapToLong(x -> x[0]).sum() + ", total bytes "
                + slow.stream().mapToLong(x -> x[2]).sum());
        assertThat(failures)
                .as("%d of the fuzz requests were answered wrongly (seed %d); the first ones:", failureCount.get(), seed)
                .isEmpty();
    }

    /** Found by this fuzzer: a parameter name of 100,000 dots took seconds (quadratic paths) and recursed deeply. */
    @Test
    void aParameterNameWithAHundredThousandDotsIsAQuickUnknownParameter() throws Exception {
        RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
        long started = System.nanoTime();
        raw.post("Action=DescribeImages&Version=2016-11-15&ImageId.1" + ".a".repeat(100_000) + "=x")
                .expectError(400, "UnknownParameter");
        raw.post("Action=DescribeImages&Version=2016-11-15&Filter.1.Name=name&Filter.1.Value.1.a.b=x")
                .expectError(400, "UnknownParameter").messageContains("Filter.1.Value.1.a");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    /** Found by this fuzzer: what Jetty rejects itself (ambiguous or too-long URIs) came back as HTML pages. */
    @Test
    void requestsJettyRejectsGetAnEc2ErrorDocument() throws Exception {
        int port = tern.endpoint().getPort();
        for (String target : List.of("//", "/%2e%2e/", "/?Action=DescribeRegions&x=" + "a".repeat(70_000))) {
            byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            Wire.Response r = Wire.exchange(port, request);
            assertThat(r.status()).as("status for %s", target.substring(0, Math.min(40, target.length())))
                    .isBetween(400, 499);
            assertThat(r.headers().get("Content-Type")).startsWith("text/xml");
            assertThat(ec2ErrorProblem(parse(r.body()).getDocumentElement())).isNull();
        }
    }

    /** Snapshots (only the service layer makes them until the EBS data plane lands) and images to aim at. */
    private void seedState() {
        TernServices services = tern.app().services();
        for (String account : List.of(ALICE, BOB)) {
            CallContext ctx = new CallContext(services.accounts().byId(account), services.regions().get("us-east-1"),
                    "fuzz-seed");
            for (int i = 0; i < 6; i++) {
                String id = services.snapshots().createSnapshot(ctx, 8, "fuzz " + i);
                snapshots.add(id);
                if (account.equals(ALICE)) {
                    ownSnapshots.add(id);
                }
            }
        }
        List<String> own = snapshots.stream().sorted().toList();
        try (Ec2Client ec2 = tern.ec2(ALICE)) {
            for (String snapshot : own) {
                try {
                    images.add(ec2.registerImage(b -> b.name("fuzz-" + snapshot).rootDeviceName("/dev/xvda")
                            .architecture("x86_64").blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                                    .ebs(e -> e.snapshotId(snapshot))).tagSpecifications(t -> t.resourceType("image")
                                    .tags(g -> g.key("Name").value("fuzz")))).imageId());
                } catch (Ec2Exception e) {
                    // BOB's snapshots are not ALICE's to use: fine, they are targets for other requests.
                }
            }
        }
        assertThat(images).as("images registered for the fuzzer").hasSizeGreaterThan(2);
    }

    private void run(long seed, int index, int port) {
        Random random = new Random(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        Wire.Request request = null;
        try {
            request = new Generator(random, port).next().withIndex(index);
            String dump = System.getProperty("fuzz.dump");
            if (dump != null) {
                java.nio.file.Files.write(java.nio.file.Path.of(dump + "-" + index), request.bytes());
            }
            long t0 = System.nanoTime();
            Wire.Response response = Wire.exchange(port, request.bytes());
            long micros = (System.nanoTime() - t0) / 1000;
            slowest.add(new long[] {micros, index, request.body().length + request.target().length});
            timeByAction.computeIfAbsent(request.action() != null && ACTIONS.containsKey(request.action()) ? request.action() : "other", k -> new LongAdder()).add(micros);
            check(request, response);
        } catch (Throwable e) {
            StringBuilder where = new StringBuilder(e.toString());
            for (StackTraceElement f : e.getStackTrace()) {
                if (f.getClassName().startsWith("dev.tern")) {
                    where.append("\n    at ").append(f);
                }
            }
            fail(index, request, null, where.toString());
        }
    }

    private void check(Wire.Request request, Wire.Response response) {
        statuses.computeIfAbsent(response.status(), k -> new LongAdder()).increment();
        if (!(response.status() >= 200 && response.status() < 300 || response.status() >= 400 && response.status() < 500)) {
            failAt(request, response, "status " + response.status() + " is neither 2xx nor 4xx");
            return;
        }
        if (request.method().equals("HEAD")) {
            return;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        Document doc;
        try {
            doc = parse(response.body());
        } catch (Exception e) {
            failAt(request, response, "the body is not well-formed XML: " + e.getMessage());
            return;
        }
        Element root = doc.getDocumentElement();
        if (response.status() >= 400) {
            String problem = ec2ErrorProblem(root);
            if (problem != null) {
                failAt(request, response, "not an EC2 error document: " + problem);
                return;
            }
            Matcher m = CODE.matcher(body);
            String code = m.find() ? m.group(1) : "?";
            codes.computeIfAbsent(code, k -> new LongAdder()).increment();
            if (request.clean()) {
                clean.computeIfAbsent(request.action() + ":" + code, k -> new LongAdder()).increment();
            }
        } else {
            if (!root.getTagName().endsWith("Response") || child(root, "requestId") == null) {
                failAt(request, response, "a success body without <...Response><requestId>");
                return;
            }
            harvest(body);
            if (request.clean()) {
                clean.computeIfAbsent(request.action() + ":OK", k -> new LongAdder()).increment();
            }
        }
    }

    /** Remembers ids and paging tokens from successful answers, for later requests to send back. */
    private void harvest(String body) {
        Matcher m = IMAGE_ID.matcher(body);
        while (m.find() && images.size() < 200) {
            images.add(m.group());
        }
        m = SNAPSHOT_ID.matcher(body);
        while (m.find() && snapshots.size() < 200) {
            snapshots.add(m.group());
        }
        m = NEXT_TOKEN.matcher(body);
        if (m.find() && tokens.size() < 100) {
            tokens.add(m.group(1));
        }
    }

    /** Null when {@code root} is {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}. */
    static String ec2ErrorProblem(Element root) {
        if (!root.getTagName().equals("Response")) {
            return "root element is <" + root.getTagName() + ">";
        }
        Element errors = child(root, "Errors");
        Element requestId = child(root, "RequestID");
        if (errors == null || requestId == null || requestId.getTextContent().isBlank()) {
            return "<Errors> or a non-empty <RequestID> is missing";
        }
        Element error = child(errors, "Error");
        if (error == null) {
            return "<Errors> has no <Error>";
        }
        Element code = child(error, "Code");
        Element message = child(error, "Message");
        if (code == null || code.getTextContent().isBlank() || message == null) {
            return "<Error> lacks a <Code> or a <Message>";
        }
        return null;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    static Document parse(byte[] body) throws Exception {
        DocumentBuilder b = PARSER.get();
        b.reset();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                throw e;
            }
        });
        return b.parse(new ByteArrayInputStream(body));
    }

    private void failAt(Wire.Request request, Wire.Response response, String problem) {
        fail(request.index(), request, response, problem);
    }

    private void fail(int index, Wire.Request request, Wire.Response response, String problem) {
        if (failureCount.incrementAndGet() > MAX_REPORTED) {
            return;
        }
        StringBuilder sb = new StringBuilder("\n#").append(index).append(" (-Dfuzz.only=").append(index).append("): ")
                .append(problem).append('\n');
        if (request != null) {
            sb.append("  request: ").append(request.describe()).append('\n');
        }
        if (response != null) {
            sb.append("  response: ").append(response.status()).append(' ')
                    .append(Wire.printable(response.body(), 1500)).append('\n');
        }
        failures.add(sb.toString());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Request generation

    /**
     * Parameters of an action: name patterns where {@code #} is a 1-based index, each with a kind of value;
     * required ones (written {@code !Name}) are sent most of the time, so that requests get past that check.
     */
    private record Param(String name, Kind kind, boolean required) {}

    private enum Kind { IMAGE, SNAPSHOT, RESOURCE, BOOL, INT, STRING, NAME, ARCH, DEVICE, VOLUME_TYPE, FILTER_NAME,
        ACCOUNT, OWNER, ATTRIBUTE, TOKEN, RESOURCE_TYPE, TAG_KEY, TIME, OPERATION, GROUP }

    private static final String[] FILTER = {"Filter.#.Name:FILTER_NAME", "Filter.#.Value.#:STRING"};
    private static final String[] TAG_SPEC = {"TagSpecification.#.ResourceType:RESOURCE_TYPE",
        "TagSpecification.#.Tag.#.Key:TAG_KEY", "TagSpecification.#.Tag.#.Value:STRING"};

    private static final Map<String, List<Param>> ACTIONS = new TreeMap<>();

    static {
        action("DescribeRegions", "RegionName.#:STRING", "AllRegions:BOOL", "DryRun:BOOL", FILTER);
        action("DescribeImages", "ImageId.#:IMAGE", "Owner.#:OWNER", "ExecutableBy.#:OWNER", "MaxResults:INT",
                "NextToken:TOKEN", "IncludeDeprecated:BOOL", "IncludeDisabled:BOOL", "DryRun:BOOL", FILTER);
        action("RegisterImage", "!Name:NAME", "Description:STRING", "Architecture:ARCH", "RootDeviceName:DEVICE",
                "VirtualizationType:STRING", "EnaSupport:BOOL", "SriovNetSupport:STRING", "BootMode:STRING",
                "TpmSupport:STRING", "ImdsSupport:STRING", "ClientToken:STRING", "ImageLocation:STRING",
                "KernelId:STRING", "RamdiskId:STRING", "UefiData:STRING", "DryRun:BOOL",
                "BlockDeviceMapping.#.DeviceName:DEVICE", "BlockDeviceMapping.#.Ebs.SnapshotId:SNAPSHOT",
                "BlockDeviceMapping.#.Ebs.VolumeSize:INT", "BlockDeviceMapping.#.Ebs.VolumeType:VOLUME_TYPE",
                "BlockDeviceMapping.#.Ebs.DeleteOnTermination:BOOL", "BlockDeviceMapping.#.Ebs.Encrypted:BOOL",
                "BlockDeviceMapping.#.Ebs.Iops:INT", "BlockDeviceMapping.#.Ebs.KmsKeyId:STRING",
                "BlockDeviceMapping.#.VirtualName:STRING", "BlockDeviceMapping.#.NoDevice:STRING",
                "BillingProduct.#:STRING", TAG_SPEC);
        action("DeregisterImage", "!ImageId:IMAGE", "DeleteAssociatedSnapshots:BOOL", "DryRun:BOOL");
        action("DescribeImageAttribute", "!ImageId:IMAGE", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("ModifyImageAttribute", "!ImageId:IMAGE", "Attribute:ATTRIBUTE", "OperationType:OPERATION",
                "UserId.#:ACCOUNT", "UserGroup.#:GROUP", "ProductCode.#:STRING", "Value:STRING",
                "Description.Value:STRING", "ImdsSupport.Value:STRING", "DryRun:BOOL",
                "LaunchPermission.Add.#.UserId:ACCOUNT", "LaunchPermission.Add.#.Group:GROUP",
                "LaunchPermission.Add.#.OrganizationArn:STRING", "LaunchPermission.Remove.#.UserId:ACCOUNT",
                "LaunchPermission.Remove.#.Group:GROUP", "OrganizationArn.#:STRING");
        action("ResetImageAttribute", "!ImageId:IMAGE", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("DescribeSnapshots", "SnapshotId.#:SNAPSHOT", "Owner.#:OWNER", "RestorableBy.#:ACCOUNT",
                "MaxResults:INT", "NextToken:TOKEN", "DryRun:BOOL", FILTER);
        action("DeleteSnapshot", "!SnapshotId:SNAPSHOT", "DryRun:BOOL");
        action("DescribeSnapshotAttribute", "!SnapshotId:SNAPSHOT", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("ModifySnapshotAttribute", "!SnapshotId:SNAPSHOT", "Attribute:ATTRIBUTE", "OperationType:OPERATION",
                "UserId.#:ACCOUNT", "UserGroup.#:GROUP", "CreateVolumePermission.Add.#.UserId:ACCOUNT",
                "CreateVolumePermission.Remove.#.UserId:ACCOUNT", "CreateVolumePermission.Add.#.Group:GROUP",
                "DryRun:BOOL");
        action("ResetSnapshotAttribute", "!SnapshotId:SNAPSHOT", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("CreateTags", "!ResourceId.#:RESOURCE", "!Tag.#.Key:TAG_KEY", "Tag.#.Value:STRING", "DryRun:BOOL");
        action("DeleteTags", "!ResourceId.#:RESOURCE", "Tag.#.Key:TAG_KEY", "Tag.#.Value:STRING", "DryRun:BOOL");
        action("DescribeTags", "MaxResults:INT", "NextToken:TOKEN", "DryRun:BOOL", FILTER);
        action("CopyImage", "!SourceImageId:IMAGE", "!SourceRegion:STRING", "!Name:NAME", "Description:STRING",
                "ClientToken:STRING", "Encrypted:BOOL", "KmsKeyId:STRING", "DestinationOutpostArn:STRING",
                "CopyImageTags:BOOL", "SnapshotCopyCompletionDurationMinutes:INT", "DryRun:BOOL", TAG_SPEC);
        action("CopySnapshot", "!SourceSnapshotId:SNAPSHOT", "!SourceRegion:STRING", "Description:STRING",
                "Encrypted:BOOL", "KmsKeyId:STRING", "CompletionDurationMinutes:INT", "DryRun:BOOL", TAG_SPEC);
        action("EnableImageDeprecation", "!ImageId:IMAGE", "!DeprecateAt:TIME", "DryRun:BOOL");
        action("DisableImageDeprecation", "!ImageId:IMAGE", "DryRun:BOOL");
        action("EnableImage", "!ImageId:IMAGE", "DryRun:BOOL");
        action("DisableImage", "!ImageId:IMAGE", "DryRun:BOOL");
        action("DescribeImportImageTasks", "ImportTaskId.#:STRING", "MaxResults:INT", FILTER);
    }

    private static void action(String name, Object... params) {
        List<Param> list = new ArrayList<>();
        for (Object p : params) {
            for (String spec : p instanceof String[] many ? many : new String[] {(String) p}) {
                int colon = spec.indexOf(':');
                boolean required = spec.startsWith("!");
                list.add(new Param(spec.substring(required ? 1 : 0, colon), Kind.valueOf(spec.substring(colon + 1)),
                        required));
            }
        }
        ACTIONS.put(name, list);
    }

    private static final List<Param> ALL_PARAMS = ACTIONS.values().stream().flatMap(List::stream).distinct().toList();
    private static final List<String> KNOWN_ACTIONS = List.copyOf(ACTIONS.keySet());
    private static final String[] FILTER_NAMES = {"name", "image-id", "owner-id", "owner-alias", "state",
        "architecture", "tag:Name", "tag:", "tag-key", "tag-value", "is-public", "description", "snapshot-id",
        "volume-size", "resource-id", "resource-type", "key", "value", "region-name", "endpoint", "opt-in-status",
        "block-device-mapping.snapshot-id", "block-device-mapping.volume-size", "creation-date", "colour", "",
        "tag:*", "NAME", "image-type", "root-device-type", "virtualization-type", "start-time", "status",
        "platform", "hypervisor", "deprecation-time", "kms-key-id", "encrypted", "progress", "volume-id"};
    private static final String[] ATTRIBUTES = {"description", "launchPermission", "blockDeviceMapping",
        "kernel", "ramdisk", "productCodes", "sriovNetSupport", "bootMode", "tpmSupport", "uefiData",
        "lastLaunchedTime", "imdsSupport", "deregistrationProtection", "createVolumePermission", "colour", "",
        "LAUNCHPERMISSION"};
    private static final String[] ACCOUNTS = {ALICE, BOB, CAROL, "123456789012", "all", "12345", "abcdefghijkl",
        "000000000000", ""};
    private static final String[] STRINGS = {"x", "", " ", "*", "?", "%", "_", "\\", "'", "\"", "<x/>", "&amp;",
        "]]>", "a*b?c", "bench-*", "null", "NULL", "undefined", "true", "0", "-1", "ami-", "Robert'); DROP TABLE images;--",
        "%' OR '1'='1", "\u00e9t\u00e9", "\u65e5\u672c", "\ud83d\ude00", "a\u0000b", "\u0001\u0002\u001b[31m",
        "\u2028\u2029", "\ufeff", "\ufffe\uffff", "\u202e", "line\nbreak", "tab\there", "cr\rlf"};

    /** Builds one request from its Random: parameters, mutations, encoding, transport and authentication. */
    private final class Generator {
        private final Random r;
        private final int port;
        private final StringBuilder notes = new StringBuilder();
        /** A well-formed, properly signed request with plausible values: what gets through to the services. */
        private final boolean clean;

        Generator(Random r, int port) {
            this.r = r;
            this.port = port;
            this.clean = r.nextInt(100) < 25;
        }

        Wire.Request next() throws Exception {
            List<String[]> params = new ArrayList<>();
            String action = clean ? implemented.get(r.nextInt(implemented.size())) : pickAction();
            if (clean) {
                note("clean");
            }
            if (action != null) {
                params.add(new String[] {"Action", action});
            }
            this.action = action;
            int v = clean ? 0 : r.nextInt(100);
            if (v < 92) {
                params.add(new String[] {"Version", VERSION});
            } else if (v < 96) {
                params.add(new String[] {"Version", pick("2010-08-31", "2016-11-15x", "", "latest", "9999-99-99")});
            }
            List<Param> schema = action == null ? List.of() : ACTIONS.getOrDefault(action, ALL_PARAMS);
            for (Param p : schema) {
                if (p.required() && (clean || r.nextInt(100) < 92)) {
                    params.add(new String[] {p.name().replace("#", "1"), clean ? cleanValue(p.kind()) : value(p.kind())});
                }
            }
            if ("RegisterImage".equals(action) && (clean || r.nextInt(100) < 60)) { // a root volume on a real snapshot
                params.add(new String[] {"RootDeviceName", "/dev/xvda"});
                params.add(new String[] {"BlockDeviceMapping.1.DeviceName", "/dev/xvda"});
                params.add(new String[] {"BlockDeviceMapping.1.Ebs.SnapshotId", pickFrom(ownSnapshots)});
            }
            int n = schema.isEmpty() ? 0 : r.nextInt(100) < 10 && !clean ? r.nextInt(40) : r.nextInt(clean ? 3 : 5);
            for (int i = 0; i < n; i++) {
                Param p = schema.get(r.nextInt(schema.size()));
                if (clean && p.name().equals("DryRun")) {
                    continue;
                }
                params.add(new String[] {clean ? p.name().replace("#", "1") : indexed(p.name()),
                        clean ? cleanValue(p.kind()) : value(p.kind())});
            }
            int mutations = clean || r.nextInt(100) < 40 ? 0 : 1 + r.nextInt(r.nextInt(100) < 10 ? 12 : 3);
            for (int i = 0; i < mutations; i++) {
                mutate(params, schema);
            }
            return transport(params);
        }

        private String pickAction() {
            int a = r.nextInt(100);
            if (a < 80) {
                return implemented.get(r.nextInt(implemented.size()));
            }
            if (a < 86) {
                return KNOWN_ACTIONS.get(r.nextInt(KNOWN_ACTIONS.size()));
            }
            if (a < 95) {
                return pick("Frobnicate", "describeimages", "DESCRIBEIMAGES", "DescribeImages ", " DescribeImages",
                        "DescribeImages\u0000", "RunInstances", "DescribeInstances", "CreateImage", "",
                        garbage(1 + r.nextInt(40)), "Describe" + "Images".repeat(1 + r.nextInt(5000)));
            }
            return null;
        }

        private String indexed(String pattern) {
            StringBuilder sb = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                if (c == '#') {
                    sb.append(r.nextInt(100) < 85 ? 1 + r.nextInt(3) : 1 + r.nextInt(60));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        /** A value the service should accept (the resource may still be gone or someone else's). */
        private String cleanValue(Kind kind) {
            boolean snapshotAction = action != null && action.contains("Snapshot");
            return switch (kind) {
                case BOOL -> pick("true", "false");
                case INT -> pick("5", "8", "10", "100", "1000");
                case STRING -> pick("x", "fuzz", "fuzz-*", "a*b?c", "\u00e9t\u00e9", "Name", "*");
                case NAME -> "fuzz-" + Integer.toHexString(r.nextInt()) + pick("", " (1)", "[x]", "/a@b'c");
                case ATTRIBUTE -> snapshotAction ? pick("createVolumePermission", "productCodes")
                        : pick("description", "launchPermission", "blockDeviceMapping", "bootMode", "imdsSupport",
                                "kernel", "ramdisk", "sriovNetSupport", "tpmSupport", "lastLaunchedTime");
                case FILTER_NAME -> action == null ? "name" : switch (action) {
                    case "DescribeRegions" -> pick("region-name", "endpoint", "opt-in-status");
                    case "DescribeSnapshots" -> pick("snapshot-id", "owner-id", "volume-size", "tag:Name", "tag-key",
                            "status", "description", "volume-id", "encrypted");
                    case "DescribeTags" -> pick("resource-id", "resource-type", "key", "value");
                    default -> pick("name", "image-id", "owner-id", "state", "architecture", "tag:Name", "tag-key",
                            "is-public", "description", "block-device-mapping.snapshot-id", "root-device-type");
                };
                case ACCOUNT -> pick(ALICE, BOB, CAROL, "123456789012");
                case OWNER -> pick("self", ALICE, BOB, "amazon");
                case TAG_KEY -> pick("Name", "env", "team");
                case OPERATION -> pick("add", "remove");
                case GROUP -> "all";
                case RESOURCE_TYPE -> snapshotAction ? "snapshot" : "image";
                case TIME -> "2031-01-01T00:00:00Z";
                case TOKEN -> tokens.isEmpty() ? "" : tokens.get(r.nextInt(tokens.size()));
                default -> value(kind);
            };
        }

        private String value(Kind kind) {
            if (!clean && r.nextInt(100) < 8) {
                return wrongValue();
            }
            return switch (kind) {
                case IMAGE -> clean || r.nextInt(10) < 7 ? pickFrom(images) : pick("ami-12345678", "ami-", "AMI-0123456789ABCDEF0",
                        "ami-0123456789abcdef", "snap-0123456789abcdef0", "ami-0123456789abcdef0 ", "ami-*");
                case SNAPSHOT -> clean || r.nextInt(10) < 7 ? pickFrom(snapshots) : pick("snap-12345678", "snap-", "vol-0123",
                        "ami-0123456789abcdef0");
                case RESOURCE -> r.nextBoolean() ? pickFrom(images) : r.nextInt(4) > 0 ? pickFrom(snapshots)
                        : pick("i-0123456789abcdef0", "vol-0123456789abcdef0", "sg-1", "", "*");
                case BOOL -> pick("true", "false", "TRUE", "False", "1", "yes", "");
                case INT -> pick("1", "5", "8", "10", "0", "-1", "1000", "1001", "65536", "65537", "2147483647",
                        "2147483648", "9223372036854775808", "abc", "1.5", " 7 ", "1e3", "0x10", "");
                case STRING -> r.nextInt(3) == 0 ? garbage(r.nextInt(30)) : pick(STRINGS);
                case NAME -> r.nextInt(3) > 0 ? "fuzz-" + Integer.toHexString(r.nextInt()) + pick("", " (1)", "[x]", "/a@b'c")
                        : pick("ab", "x".repeat(128), "x".repeat(129), "bad\u0000name", "\u00e9\u00e9\u00e9", "a*b", "");
                case ARCH -> pick("x86_64", "arm64", "i386", "x86_64_mac", "arm64_mac", "sparc", "");
                case DEVICE -> pick("/dev/xvda", "/dev/sda1", "/dev/sdb", "xvdf", "/dev/", "", "/dev/xvda/../../etc");
                case VOLUME_TYPE -> pick("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard", "magnetic", "");
                case FILTER_NAME -> pick(FILTER_NAMES);
                case ACCOUNT -> pick(ACCOUNTS);
                case OWNER -> pick("self", "amazon", "aws-marketplace", ALICE, BOB, "123456789012", "", "*");
                case ATTRIBUTE -> pick(ATTRIBUTES);
                case TOKEN -> !tokens.isEmpty() && r.nextBoolean() ? tokens.get(r.nextInt(tokens.size()))
                        : pick("", "x", "AAAA", "eyJ9", "%%%", "bm90IGEgdG9rZW4=", garbage(20));
                case RESOURCE_TYPE -> pick("image", "snapshot", "instance", "volume", "", "IMAGE");
                case TAG_KEY -> pick("Name", "env", "aws:reserved", "", " ", "k".repeat(127), "k".repeat(128), "\u00e9",
                        "a=b", "tag:Name");
                case TIME -> pick("2030-01-01T00:00:00Z", "2030-01-01T00:00:00.000Z", "1999-01-01T00:00:00Z",
                        "yesterday", "2030-13-45T99:99:99Z", "");
                case OPERATION -> pick("add", "remove", "ADD", "delete", "");
                case GROUP -> pick("all", "ALL", "everyone", "");
            };
        }

        private String wrongValue() {
            return switch (r.nextInt(7)) {
                case 0 -> "";
                case 1 -> garbage(1 + r.nextInt(50));
                case 2 -> huge();
                case 3 -> pick("abc", "-1", "99999999999999999999", "NaN", "1.5", "true");
                case 4 -> pick(STRINGS);
                case 5 -> controlChars(1 + r.nextInt(20));
                default -> unicode(1 + r.nextInt(50));
            };
        }

        private String huge() {
            int k = r.nextInt(100);
            int size = k < 2 ? 300_000 + r.nextInt(300_000) : k < 20 ? 20_000 + r.nextInt(40_000) : 1_000 + r.nextInt(5_000);
            return String.valueOf(pick("a", "x", "*", "?", "%", "\u00e9", "ami-0")).repeat(size / 2);
        }

        private void mutate(List<String[]> params, List<Param> schema) {
            int m = r.nextInt(19);
            String[] victim = params.isEmpty() ? null : params.get(r.nextInt(params.size()));
            switch (m) {
                case 0 -> { // a bad list index
                    String base = schema.isEmpty() ? "Filter.#.Name" : schema.get(r.nextInt(schema.size())).name();
                    String idx = pick("0", "-1", "99999999999", "1000000", "999999", "01", "x", "", "1e3", "\uff11", " 1");
                    params.add(new String[] {base.replaceFirst("#", idx).replace("#", "1"), value(Kind.STRING)});
                }
                case 1 -> params.add(new String[] {"Filter.1.Value.99999999999", "x"});
                case 2 -> params.add(new String[] {"BlockDeviceMapping.1.Ebs.VolumeSize", pick("abc", "", "-5", "1.0")});
                case 3 -> { // deep dots
                    int depth = r.nextInt(20) == 0 ? 20_000 + r.nextInt(100_000) : 1 + r.nextInt(200);
                    String prefix = victim == null ? "" : victim[0];
                    params.add(new String[] {prefix + ".a".repeat(depth), "deep"});
                }
                case 4 -> params.add(new String[] {pick("", ".", "..", "...", "Filter.", ".Filter", "Filter..1",
                        "Filter.1.", "Filter.1..Name", "Tag.1.Key.", ".1", "=", "&"), value(Kind.STRING)});
                case 5 -> { // duplicated key, maybe another value
                    if (victim != null) {
                        params.add(new String[] {victim[0], r.nextBoolean() ? victim[1] : value(Kind.STRING)});
                    }
                }
                case 6 -> { // a value of the wrong type
                    if (victim != null) {
                        victim[1] = wrongValue();
                    }
                }
                case 7 -> { // structure sent as a scalar and scalar sent as a structure
                    params.add(new String[] {pick("Filter", "Filter.1", "BlockDeviceMapping.1.Ebs", "BlockDeviceMapping",
                            "TagSpecification.1", "Tag.1", "LaunchPermission", "LaunchPermission.Add",
                            "LaunchPermission.Add.1", "Description"), "scalar"});
                    params.add(new String[] {pick("DryRun.1", "ImageId.1.x", "Name.Value", "MaxResults.1", "Attribute.x.y",
                            "Filter.1.Name.1", "Tag.1.Key.Value"), "x"});
                }
                case 8 -> params.add(new String[] {garbage(1 + r.nextInt(30)), garbage(r.nextInt(30))});
                case 9 -> { // case games
                    if (victim != null) {
                        victim[0] = r.nextBoolean() ? victim[0].toLowerCase(Locale.ROOT) : victim[0].toUpperCase(Locale.ROOT);
                    }
                }
                case 10 -> { // many list items: exercises IN lists and SQL variable limits
                    String name = pick("ImageId.#", "SnapshotId.#", "Owner.#", "Filter.1.Value.#", "ResourceId.#",
                            "RegionName.#", "UserId.#", "ExecutableBy.#", "Tag.#.Key", "LaunchPermission.Add.#.UserId");
                    int n = 100 + r.nextInt(r.nextInt(8) == 0 ? 5000 : 1000);
                    for (int i = 1; i <= n; i++) {
                        params.add(new String[] {name.replace("#", Integer.toString(i)),
                                r.nextBoolean() ? pickFrom(images) : "x" + i});
                    }
                }
                case 11 -> { // many filters
                    int n = 20 + r.nextInt(200);
                    for (int i = 1; i <= n; i++) {
                        params.add(new String[] {"Filter." + i + ".Name", pick(FILTER_NAMES)});
                        params.add(new String[] {"Filter." + i + ".Value.1", value(Kind.STRING)});
                    }
                }
                case 12 -> { // drop something
                    if (victim != null) {
                        params.remove(victim);
                    }
                }
                case 13 -> { // unicode or control characters in a name
                    if (victim != null) {
                        victim[0] = victim[0] + (r.nextBoolean() ? controlChars(3) : unicode(3));
                    }
                }
                case 14 -> params.add(new String[] {"X-Amz-" + pick("Date", "Signature", "Algorithm", "Foo"), "x"});
                case 15 -> params.add(new String[] {pick("Action", "Version"), pick("DescribeImages", "Frobnicate",
                        VERSION, "")});
                case 16 -> Collections.shuffle(params, r);
                case 17 -> params.add(new String[] {"Filter.1.Value.1", huge()});
                default -> { // a wildcard-heavy filter value
                    params.add(new String[] {"Filter.1.Name", pick("name", "description", "tag:Name", "tag-value",
                            "key", "value", "region-name")});
                    params.add(new String[] {"Filter.1.Value.1", pick("*", "**********************************", "?*?*?*?*",
                            "*\\*", "\\", "%", "_%_", "*" .repeat(2000), "[a-z]*", "\\*\\?")});
                }
            }
        }

        /** Encodes the parameters and wraps them in an HTTP request: method, content type, corruption, auth. */
        private String action;

        private Wire.Request transport(List<String[]> params) throws Exception {
            StringBuilder form = new StringBuilder();
            for (String[] p : params) {
                if (!form.isEmpty()) {
                    form.append('&');
                }
                int shape = clean ? 200 : r.nextInt(200);
                if (shape == 0) { // a name without '='
                    form.append(encode(p[0]));
                } else if (shape == 1) { // '=' without a name
                    form.append('=').append(encode(p[1]));
                } else if (shape == 2) {
                    form.append("&&");
                } else {
                    form.append(encode(p[0])).append('=').append(encode(p[1]));
                }
            }
            byte[] encoded = form.toString().getBytes(StandardCharsets.UTF_8);
            if (!clean && r.nextInt(100) < 10) {
                encoded = corrupt(encoded);
            }

            int m = r.nextInt(100);
            String method = m < 72 || clean && m < 94 ? "POST" : m < 94 ? "GET" : clean ? "GET" : pick("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
            boolean inQuery = method.equals("GET") || method.equals("HEAD") || !method.equals("POST") && r.nextBoolean();
            String path = clean || r.nextInt(100) < 95 ? "/" : pick("/x", "//", "/ec2", "/%2e%2e/", "/a%20b", "/~user/", "/index.html");

            Map<String, String> headers = new java.util.LinkedHashMap<>();
            byte[] body = new byte[0];
            byte[] query = new byte[0];
            if (inQuery) {
                query = encoded;
                if (!clean && r.nextInt(10) == 0) { // and something in the body, too
                    body = "Filter.1.Name=name".getBytes(StandardCharsets.US_ASCII);
                    headers.put("Content-Type", "application/x-www-form-urlencoded");
                }
            } else {
                body = encoded;
                headers.put("Content-Type", contentType());
                if (!clean && r.nextInt(20) == 0 && !params.isEmpty()) { // split between the query string and the body
                    query = ("Action=" + encode(params.get(0)[1])).getBytes(StandardCharsets.UTF_8);
                }
            }
            if (headers.get("Content-Type") == null) {
                headers.remove("Content-Type");
            }
            if (!clean && r.nextInt(50) == 0) {
                headers.put(pick("X-Fuzz", "User-Agent", "Accept", "X-Amz-Target", "X-Amz-Security-Token"),
                        pick("", "x".repeat(4000), "\u00e9t\u00e9", "DescribeImages", "*/*"));
            }
            return authenticate(method, path, query, headers, body);
        }

        private String contentType() {
            int c = clean ? 0 : r.nextInt(100);
            if (c < 88) {
                return "application/x-www-form-urlencoded; charset=utf-8";
            }
            return pick("application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED", "application/json",
                    "text/plain", "multipart/form-data; boundary=x", "application/x-amz-json-1.1", "text/xml", "",
                    "application/x-www-form-urlencoded; charset=latin1", ";;;", "\u00e9", null);
        }

        private Wire.Request authenticate(String method, String path, byte[] query, Map<String, String> headers,
                byte[] body) throws Exception {
            int a = clean ? 0 : r.nextInt(100);
            String account = r.nextInt(10) < 8 ? ALICE : r.nextBoolean() ? BOB : CAROL;
            AwsBasicCredentials credentials = AwsBasicCredentials.create(TernTestServer.accessKey(account),
                    TernTestServer.secret(account));
            String region = clean || r.nextInt(100) < 90 ? "us-east-1" : pick("us-west-2", "eu-west-1", "mars-north-1", "");
            String service = clean || r.nextInt(100) < 98 ? "ec2" : pick("s3", "foo", "EC2");
            Clock clock = Clock.systemUTC();
            String auth;
            if (a < 80) {
                auth = "signed";
            } else if (a < 83) {
                auth = "presigned";
            } else if (a < 86) {
                auth = "none";
            } else if (a < 89) {
                auth = "bad-signature";
            } else if (a < 91) {
                auth = "wrong-secret";
                credentials = AwsBasicCredentials.create(credentials.accessKeyId(), "not-the-secret");
            } else if (a < 93) {
                auth = "unknown-key";
                credentials = AwsBasicCredentials.create("AKIAUNKNOWNKEY000000", "whatever");
            } else if (a < 95) {
                auth = "garbage-authorization";
            } else if (a < 97) {
                auth = "skewed-clock";
                clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(r.nextBoolean() ? 20 : -20));
            } else {
                auth = "bad-x-amz-date";
            }
            note("auth=" + auth + " account=" + account + " region=" + region + " service=" + service);

            Map<String, String> out = new java.util.LinkedHashMap<>();
            byte[] target;
            String queryText = new String(query, StandardCharsets.ISO_8859_1);
            if (auth.equals("none") || auth.equals("garbage-authorization")) {
                out.put("Host", "127.0.0.1:" + port);
                out.putAll(headers);
                if (auth.equals("garbage-authorization")) {
                    out.put("Authorization", pick("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "Basic dXNlcjpwYXNz", "",
                            "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
                            "AWS4-HMAC-SHA256 Credential=AKIATEST111122223333/20200101/us-east-1/ec2/aws4_request, "
                                    + "SignedHeaders=host, Signature=00",
                            "AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=x, Signature=y",
                            "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=;;;, Signature=",
                            "AWS4-HMAC-SHA256 " + garbage(200), "AWS AKIATEST:abc", garbage(50)));
                    if (r.nextBoolean()) {
                        out.put("X-Amz-Date", pick("20200101T000000Z", "garbage", "", "2020-01-01T00:00:00Z"));
                    }
                }
                target = target(path, query);
            } else {
                // Sign what URI and the SDK accept; corrupted query strings are sent as they are, signed or not.
                boolean queryParsable = printableAscii(query) && parsableUri(path, queryText);
                SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                        .uri(URI.create("http://127.0.0.1:" + port + path
                                + (queryParsable && query.length > 0 ? "?" + queryText : "")));
                headers.forEach(b::putHeader);
                SdkHttpRequest unsigned = b.build();
                AwsBasicCredentials id = credentials;
                Clock signingClock = clock;
                boolean presign = auth.equals("presigned");
                SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> {
                    s.identity(id).request(unsigned).payload(ContentStreamProvider.fromByteArray(body))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                            .putProperty(AwsV4HttpSigner.REGION_NAME, region.isEmpty() ? "us-east-1" : region)
                            .putProperty(HttpSigner.SIGNING_CLOCK, signingClock);
                    if (presign) {
                        s.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
                    }
                }).request();
                for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
                    out.put(h.getKey(), h.getValue().get(0));
                }
                String sentQuery = queryParsable ? signed.encodedQueryParameters().orElse("") : queryText;
                if (!queryParsable && presign) {
                    sentQuery = queryText + "&" + signed.encodedQueryParameters().orElse("");
                }
                if (auth.equals("bad-signature")) {
                    String authz = out.get("Authorization");
                    if (authz != null) {
                        out.put("Authorization", flipLast(authz));
                    } else {
                        sentQuery = sentQuery.replaceAll("(X-Amz-Signature=[0-9a-f]*)[0-9a-f]", "$1z");
                    }
                } else if (auth.equals("bad-x-amz-date")) {
                    out.put("X-Amz-Date", pick("garbage", "", "20200101T000000Z", "99999999T999999Z", "2020-01-01",
                            "20200101T000000", "\u00e9"));
                }
                target = target(path, sentQuery.getBytes(StandardCharsets.ISO_8859_1));
            }
            return new Wire.Request(0, method, target, out, body, !clean && r.nextInt(40) == 0, notes.toString(),
                    action, clean);
        }

        private byte[] target(String path, byte[] query) {
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            t.writeBytes(path.getBytes(StandardCharsets.US_ASCII));
            if (query.length > 0) {
                t.write('?');
                t.writeBytes(query);
            }
            return t.toByteArray();
        }

        private byte[] corrupt(byte[] in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
            int at = in.length == 0 ? 0 : r.nextInt(in.length + 1);
            String what = pick("%", "%Z", "%G1", "%%", "%2", "%C3%28", "%FF%FE", "%ED%A0%80", "%00", "%C0%80",
                    "%F4%90%80%80", "&", "=", "&=&", ";", "+", "%2", "%u00e9", "RAW", "TRUNCATE");
            note("corrupt=" + what + "@" + at);
            if (what.equals("TRUNCATE")) {
                out.write(in, 0, at);
                return out.toByteArray();
            }
            out.write(in, 0, at);
            if (what.equals("RAW")) {
                out.write(0x80 + r.nextInt(0x80));
                out.write(0x80 + r.nextInt(0x80));
            } else {
                out.writeBytes(what.getBytes(StandardCharsets.US_ASCII));
            }
            out.write(in, at, in.length - at);
            return out.toByteArray();
        }

        private void note(String s) {
            notes.append(s).append(' ');
        }

        private String garbage(int n) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                int k = r.nextInt(10);
                sb.append(k < 6 ? (char) (0x20 + r.nextInt(0x5f)) : k < 8 ? (char) r.nextInt(0x20) : (char) (0xa0 + r.nextInt(0x3000)));
            }
            return sb.toString();
        }

        private String controlChars(int n) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(r.nextInt(5) == 0 ? pick("\u007f", "\u0085", "\ufffe", "\uffff", "\ud800") : String.valueOf((char) r.nextInt(0x20)));
            }
            return sb.toString();
        }

        private String unicode(int n) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                int cp = switch (r.nextInt(5)) {
                    case 0 -> 0x1F600 + r.nextInt(80);
                    case 1 -> 0x0300 + r.nextInt(0x70);
                    case 2 -> 0x4E00 + r.nextInt(0x5000);
                    case 3 -> 0x0590 + r.nextInt(0x100);
                    default -> 0xA0 + r.nextInt(0x2000);
                };
                sb.appendCodePoint(cp);
            }
            return sb.toString();
        }

        private String pick(String... options) {
            return options[r.nextInt(options.length)];
        }

        private String pickFrom(Set<String> set) {
            Object[] sorted = set.toArray();
            return sorted.length == 0 ? "ami-0123456789abcdef0" : (String) sorted[r.nextInt(sorted.length)];
        }
    }

    private static String encode(String s) {
        // RFC 3986 style (%20 for space) so that the SDK's SigV4 signer and the URI parser see what we send.
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static boolean printableAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0x20) {
                return false;
            }
        }
        return true;
    }

    private static boolean parsableUri(String path, String query) {
        try {
            URI u = URI.create("http://127.0.0.1:1" + path + (query.isEmpty() ? "" : "?" + query));
            return u.getRawQuery() == null || u.getRawQuery().equals(query);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String flipLast(String authorization) {
        char last = authorization.charAt(authorization.length() - 1);
        return authorization.substring(0, authorization.length() - 1) + (last == '0' ? '1' : '0');
    }

    // ------------------------------------------------------------------------------------------------------------
    // HTTP/1.1 over a plain socket: sends bytes exactly as generated (the JDK's client refuses many of them)

    static final class Wire {
        record Request(int index, String method, byte[] target, Map<String, String> headers, byte[] body,
                boolean chunked, String notes, String action, boolean clean) {
            Request withIndex(int i) {
                return new Request(i, method, target, headers, body, chunked, notes, action, clean);
            }

            byte[] bytes() {
                ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
                out.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(target);
                out.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    if (h.getKey().equalsIgnoreCase("content-length") || h.getKey().equalsIgnoreCase("connection")) {
                        continue;
                    }
                    out.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                if (chunked && body.length > 0) {
                    out.writeBytes("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
                    out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (chunked && body.length > 0) {
                    for (int at = 0; at < body.length; at += 1000) {
                        int n = Math.min(1000, body.length - at);
                        out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, at, n);
                        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.writeBytes(body);
                }
                return out.toByteArray();
            }

            String describe() {
                return method + " " + printable(target, 600) + " headers=" + headers.keySet() + (chunked ? " chunked" : "")
                        + " body(" + body.length + ")=" + printable(body, 1200) + " [" + notes.trim() + "]";
            }
        }

        record Response(int status, Map<String, String> headers, byte[] body) {}

        static Response exchange(int port, byte[] request) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
                s.setSoTimeout((int) TIMEOUT.toMillis());
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                IOException writeFailure = null;
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // The server may answer (e.g. a too-large body) and close before reading all of it.
                    writeFailure = e;
                }
                try {
                    return read(new BufferedInputStream(s.getInputStream()), deadline, request);
                } catch (IOException e) {
                    if (writeFailure != null) {
                        e.addSuppressed(writeFailure);
                    }
                    throw e;
                }
            }
        }

        private static Response read(InputStream in, long deadline, byte[] request) throws IOException {
            String statusLine = line(in, deadline);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("bad status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String l = line(in, deadline); !l.isEmpty(); l = line(in, deadline)) {
                int colon = l.indexOf(':');
                headers.merge(l.substring(0, colon).trim(), l.substring(colon + 1).trim(), (a, b) -> a + "," + b);
            }
            boolean head = request.length >= 5 && new String(request, 0, 5, StandardCharsets.US_ASCII).equals("HEAD ");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (head || status == 204 || status == 304) {
                return new Response(status, headers, body.toByteArray());
            }
            if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
                while (true) {
                    String size = line(in, deadline);
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        while (!line(in, deadline).isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    body.writeBytes(in.readNBytes(n));
                    line(in, deadline);
                }
            } else if (headers.containsKey("Content-Length")) {
                int n = Integer.parseInt(headers.get("Content-Length"));
                byte[] b = in.readNBytes(n);
                if (b.length != n) {
                    throw new IOException("body cut short: " + b.length + " of " + n + " bytes");
                }
                body.writeBytes(b);
            } else {
                body.writeBytes(in.readAllBytes());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the answer took longer than " + TIMEOUT);
            }
            return new Response(status, headers, body.toByteArray());
        }

        private static String line(InputStream in, long deadline) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the answer took longer than " + TIMEOUT);
                }
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed before the answer was complete");
                }
                if (c == '\n') {
                    break;
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        static String printable(byte[] bytes, int max) {
            StringBuilder sb = new StringBuilder();
            String s = new String(bytes, StandardCharsets.UTF_8);
            for (int i = 0; i < s.length() && sb.length() < max; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\ufffd') {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            if (sb.length() >= max) {
                sb.append("...(").append(bytes.length).append(" bytes)");
            }
            return sb.toString();
        }
    }
}
