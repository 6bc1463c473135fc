package dev.tern.server.fuzz;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.config.TernConfig.LocalZoneConfig;
import dev.tern.config.TernConfig.OutpostConfig;
import dev.tern.config.TernConfig.RegionConfig;
import dev.tern.server.TernApplication;
import dev.tern.server.pipeline.Operation;
import dev.tern.server.pipeline.Service;
import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import dev.tern.testing.SnapshotData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
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
    static final String LOCAL_ZONE = "us-east-1-bos-1a";
    static final String LOCAL_ZONE_ID = "use1-bos1-az1";

    /** The test server's Regions, with a Local Zone in us-east-1 for CopyImage and CopySnapshot to aim at. */
    @RegisterExtension
    static TernTestServer tern = new TernTestServer(c -> c.withRegions(List.of(
            new RegionConfig("us-east-1", null, null, List.of(new OutpostConfig(TernTestServer.OUTPOST_ARN)),
                    List.of(new LocalZoneConfig(LOCAL_ZONE, LOCAL_ZONE_ID, null))),
            new RegionConfig("us-west-2", null, null, List.of()),
            new RegionConfig("eu-west-1", null, false, List.of()))));

    /** The actions that make images and snapshots: the ids their 2xx answers name are the only ones that may exist. */
    private static final Set<String> MAKERS = Set.of("RegisterImage", "CopyImage", "CopySnapshot");
    private static final Pattern MADE_ID = Pattern.compile("<(imageId|snapshotId)>([^<]+)</");

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int THREADS = 4;
    private static final int MAX_REPORTED = 15;

    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final Targets targets = new Targets();
    /** The actions and their parameters, from the server's own catalogue: new ones are fuzzed as they land. */
    private Schema schema;

    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> clean = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> timeByAction = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<long[]> slowest = new ConcurrentLinkedQueue<>();
    private final Set<String> made = ConcurrentHashMap.newKeySet();
    private Reach reach;

    @Test
    void randomAndMalformedRequestsGetA4xxOrA2xxWithWellFormedXml() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        String only = System.getProperty("fuzz.only");
        System.out.println("FuzzTest seed " + seed + " (reproduce with -Dfuzz.seed=" + seed + ")");
        for (String id : List.of("ami-0123456789abcdef0", "ami-00000000000000000", "snap-0123456789abcdef0")) {
            (id.startsWith("ami") ? targets.images : targets.snapshots).add(id);
        }
        List<Operation> served = TernApplication.operations(tern.app().services()).of(Service.EC2);
        schema = Schema.of(served);
        reach = new Reach(served.stream().collect(Collectors.toMap(Operation::name, Operation::required)));
        System.out.println("FuzzTest: actions " + schema.served() + "; not served " + schema.known().stream()
                .filter(a -> !schema.served().contains(a)).toList());
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
        System.out.println("FuzzTest: requests reaching the service by action (reached/sent): " + reach.summary());
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
        assertNothingMadeByARefusedRequest();
    }

    /**
     * Every image, snapshot and copy task in the catalogue was made by the seeding or by a request answered 2xx: a
     * refused CopyImage, CopySnapshot or RegisterImage (DryRun included) left nothing behind. A CopyImage's snapshots
     * are its copy tasks' destinations.
     */
    private void assertNothingMadeByARefusedRequest() {
        made.addAll(targets.seeded);
        tern.app().services().catalog().read(h -> {
            List<Map<String, Object>> tasks = h.createQuery("SELECT image_id, dest_snapshot_id FROM copy_tasks")
                    .mapToMap().list();
            Set<String> legit = new java.util.HashSet<>(made);
            for (Map<String, Object> t : tasks) {
                Object image = t.get("image_id");
                assertThat(image == null ? made.contains((String) t.get("dest_snapshot_id")) : made.contains((String) image))
                        .as("copy task %s was made by a request answered 2xx", t).isTrue();
                legit.add((String) t.get("dest_snapshot_id"));
            }
            List<String> images = h.createQuery("SELECT image_id FROM images").mapTo(String.class).list();
            List<String> snapshots = h.createQuery("SELECT snapshot_id FROM snapshots").mapTo(String.class).list();
            assertThat(images).as("images not made by a 2xx answer").allMatch(made::contains);
            assertThat(snapshots).as("snapshots not made by seeding, a 2xx CopySnapshot or a 2xx CopyImage")
                    .allMatch(legit::contains);
            System.out.println("FuzzTest: " + images.size() + " images, " + snapshots.size() + " snapshots and "
                    + tasks.size() + " copy tasks, each made by a request answered 2xx");
            return null;
        });
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
                String id = SnapshotData.write(services, ctx, 8, "fuzz " + i);
                targets.snapshots.add(id);
                targets.seeded.add(id);
                if (account.equals(ALICE)) {
                    targets.ownSnapshots.add(id);
                }
            }
        }
        List<String> own = targets.snapshots.stream().sorted().toList();
        try (Ec2Client ec2 = tern.ec2(ALICE)) {
            for (String snapshot : own) {
                try {
                    targets.seededImage(ec2.registerImage(b -> b.name("fuzz-" + snapshot).rootDeviceName("/dev/xvda")
                            .architecture("x86_64").blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                                    .ebs(e -> e.snapshotId(snapshot))).tagSpecifications(t -> t.resourceType("image")
                                    .tags(g -> g.key("Name").value("fuzz")))).imageId());
                } catch (Ec2Exception e) {
                    // BOB's snapshots are not ALICE's to use: fine, they are targets for other requests.
                }
            }
        }
        assertThat(targets.images).as("images registered for the fuzzer").hasSizeGreaterThan(2);
        // Everything present now was made by the seeding, even an image whose answer the SDK lost and retried (the
        // retry then meets the name already taken): the check at the end is about the fuzz requests only.
        targets.seeded.addAll(services.catalog().read(h -> h.createQuery("SELECT image_id FROM images")
                .mapTo(String.class).list()));
    }

    private void run(long seed, int index, int port) {
        Random random = new Random(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        Wire.Request request = null;
        try {
            request = new Generator(random, port, targets, schema).next().withIndex(index);
            String dump = System.getProperty("fuzz.dump");
            if (dump != null) {
                java.nio.file.Files.write(java.nio.file.Path.of(dump + "-" + index), request.bytes());
            }
            long t0 = System.nanoTime();
            Wire.Response response = Wire.exchange(port, request.bytes());
            long micros = (System.nanoTime() - t0) / 1000;
            slowest.add(new long[] {micros, index, request.body().length + request.target().length});
            timeByAction.computeIfAbsent(request.action() != null && schema.knows(request.action()) ? request.action() : "other", k -> new LongAdder()).add(micros);
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
            Element error = child(child(root, "Errors"), "Error");
            reach.count(request.action(), child(error, "Code").getTextContent(),
                    child(error, "Message").getTextContent());
            if (request.clean()) {
                clean.computeIfAbsent(request.action() + ":" + code, k -> new LongAdder()).increment();
            }
        } else {
            if (!root.getTagName().endsWith("Response") || child(root, "requestId") == null) {
                failAt(request, response, "a success body without <...Response><requestId>");
                return;
            }
            targets.harvest(body);
            reach.count(request.action(), null, null);
            if (request.action() != null && MAKERS.contains(request.action())) {
                Matcher made = MADE_ID.matcher(body);
                while (made.find()) {
                    this.made.add(made.group(2));
                }
            }
            if (request.clean()) {
                clean.computeIfAbsent(request.action() + ":OK", k -> new LongAdder()).increment();
            }
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
}
