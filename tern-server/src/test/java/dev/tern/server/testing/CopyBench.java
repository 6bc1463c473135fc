package dev.tern.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The copy measurements of {@code bench/copy} (its header says what each one means), against a running
 * {@code tern server --demo} started with the bench's configuration. Only tern.jar and these test classes are on
 * its classpath (no JUnit): {@code java -cp tern-cli/target/tern.jar:tern-server/target/test-classes
 * dev.tern.server.testing.CopyBench ENDPOINT SERVER_PID key=value...}. The snapshots of 2 GiB come from the
 * script ({@code tern ebs upload-snapshot}); the rest are written here through the EBS direct APIs, each with new
 * random data, because the engine rightly skips what it already holds (blocks stored in the destination Region,
 * an earlier copy of the same lineage) and a benchmark that copied the same data twice would time a lookup.
 *
 * <p>{@code phases=warm,full,sparse,concurrent,latency,deadlines} (the default) chooses the measurements, so one can
 * be repeated alone. Prints one {@code name value} line per figure on stdout (seconds, bytes, MiB/s, milliseconds); the script
 * turns them into ratios. Progress goes to stderr. Every wait is bounded ({@code timeout} seconds).
 */
public final class CopyBench {
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SOURCE = "us-west-2";
    private static final String DEST = "us-east-1";
    /** Copies to here stay pending: the bench's configuration puts a very slow link on this pair. */
    private static final String PENDING_DEST = "eu-west-1";
    /** The pair of the deadline measurement, on a link the configuration caps. */
    private static final String DEADLINE_DEST = "ap-southeast-2";
    private static final String DEMO_IMAGE = "ami-066877671789bd71b";
    private static final int BLOCK = 512 * 1024;
    private static final long MiB = 1024L * 1024;

    private final URI endpoint;
    private final long serverPid;
    private final Map<String, String> opts;
    private final Duration timeout;
    private final Map<String, Ec2Client> ec2 = new HashMap<>();
    private final Map<String, EbsClient> ebs = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SplittableRandom random = new SplittableRandom();
    private final ExecutorService writers = Executors.newFixedThreadPool(8);

    private CopyBench(URI endpoint, long serverPid, Map<String, String> opts) {
        this.endpoint = endpoint;
        this.serverPid = serverPid;
        this.opts = opts;
        this.timeout = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("timeout", "600")));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CopyBench ENDPOINT SERVER_PID [key=value...]");
            System.exit(2);
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : Arrays.asList(args).subList(2, args.length)) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        CopyBench bench = new CopyBench(URI.create(args[0]), Long.parseLong(args[1]), opts);
        try {
            bench.run();
        } finally {
            bench.writers.shutdownNow();
        }
        System.exit(0);
    }

    /** Runs the measurements the {@code phases} option names (all by default), in order. */
    private void run() throws Exception {
        List<String> phases = List.of(opts.getOrDefault("phases", "warm,full,sparse,concurrent,latency,deadlines")
                .split(","));
        if (phases.contains("warm")) {
            warmUp();
        }
        if (phases.contains("full")) {
            fullCopies();
        }
        if (phases.contains("sparse")) {
            sparseAgainstSmall();
        }
        if (phases.contains("concurrent")) {
            concurrentCopies();
        }
        if (phases.contains("latency")) {
            latencyWithPending();
        }
        if (phases.contains("deadlines")) {
            deadlines();
        }
    }

    /** Copies the script's warm-up snapshot in the clear and re-encrypted, so the timed copies meet compiled code. */
    private void warmUp() throws Exception {
        String warm = opts.get("warm");
        progress("warming up: copies of " + warm);
        awaitCompleted(DEST, copySnapshot(warm, DEST, null));
        awaitCompleted(DEST, copySnapshot(opts.get("warmSealed"), DEST, newKey(DEST, "bench warm-up key")));
    }

    /** (a) the clear 2 GiB copy, (b) the re-encrypting one, (c) the re-copy after 1% of the blocks changed. */
    private void fullCopies() throws Exception {
        String dense = opts.get("dense");
        progress("(a) copying " + dense + " from " + SOURCE + " to " + DEST);
        Timed a = timedCopy(dense, DEST, null);
        print("a_seconds", a.seconds);
        print("a_bytes", a.bytes);

        String sealed = opts.get("sealed");
        String key = newKey(DEST, "bench destination key");
        progress("(b) copying the encrypted " + sealed + " re-encrypted under " + key);
        Timed b = timedCopy(sealed, DEST, key);
        print("b_seconds", b.seconds);
        print("b_bytes", b.bytes);

        List<Integer> written = writtenBlocks(SOURCE, dense);
        int changes = Math.max(1, (int) Math.round(written.size() / 100.0));
        long volumeGiB = describe(SOURCE, dense).volumeSize();
        Map<Integer, byte[]> changed = new HashMap<>();
        List<Integer> shuffled = new ArrayList<>(written);
        for (int i = 0; i < changes; i++) {
            int j = i + random.nextInt(shuffled.size() - i);
            int index = shuffled.set(j, shuffled.get(i));
            shuffled.set(i, index);
            changed.put(index, randomBlock());
        }
        progress("(c) a child of " + dense + " with " + changes + " of its " + written.size() + " blocks rewritten");
        String child = writeSnapshot(volumeGiB, dense, changed);
        Timed c = timedCopy(child, DEST, null);
        print("c_seconds", c.seconds);
        print("c_bytes", c.bytes);
        print("c_blocks_changed", changes);
        // The re-copy must carry the changes: read them back from the destination.
        EbsClient east = ebs(DEST);
        for (Map.Entry<Integer, byte[]> e : changed.entrySet()) {
            byte[] got = readBlock(east, c.snapshotId, e.getKey());
            if (!Arrays.equals(got, e.getValue())) {
                throw new IllegalStateException("block " + e.getKey() + " of the re-copy " + c.snapshotId
                        + " differs from what the child holds");
            }
        }
    }

    /** (d) a large volume with a little data written against a volume of just that data, BENCH rounds each. */
    private void sparseAgainstSmall() throws Exception {
        int dataMiB = Integer.parseInt(opts.getOrDefault("sparseDataMiB", "256"));
        int volumeGiB = Integer.parseInt(opts.getOrDefault("sparseGiB", "64"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
        int blocks = (int) (dataMiB * MiB / BLOCK);
        long volumeBlocks = volumeGiB * 1024L * 1024 * 1024 / BLOCK;
        double bestSmall = Double.MAX_VALUE;
        double bestSparse = Double.MAX_VALUE;
        for (int round = 1; round <= rounds; round++) {
            progress("(d) round " + round + ": a " + volumeGiB + " GiB volume and a "
                    + Math.max(1, (dataMiB + 1023) / 1024) + " GiB one, each holding " + dataMiB + " MiB of new data");
            // The data in four runs spread over the volume, as a file system would place it.
            Map<Integer, byte[]> sparse = new HashMap<>();
            for (int i = 0; i < blocks; i++) {
                int run = i / Math.max(1, blocks / 4);
                long at = Math.min(3, run) * ((volumeBlocks - blocks / 4) / 3) + i % Math.max(1, blocks / 4);
                sparse.put((int) at, randomBlock());
            }
            Map<Integer, byte[]> small = new HashMap<>();
            for (int i = 0; i < blocks; i++) {
                small.put(i, randomBlock());
            }
            String sparseId = writeSnapshot(volumeGiB, null, sparse);
            String smallId = writeSnapshot(Math.max(1, (dataMiB + 1023) / 1024), null, small);
            sparse.clear();
            small.clear();
            Timed s = timedCopy(smallId, DEST, null);
            Timed l = timedCopy(sparseId, DEST, null);
            progress("(d) round " + round + ": " + dataMiB + " MiB volume " + s.seconds + " s, " + volumeGiB
                    + " GiB volume " + l.seconds + " s");
            bestSmall = Math.min(bestSmall, s.seconds);
            bestSparse = Math.min(bestSparse, l.seconds);
        }
        print("d_small_seconds", bestSmall);
        print("d_sparse_seconds", bestSparse);
    }

    /** (e) many copies at once, each of its own data, and (h) the server's peak RSS meanwhile. */
    private void concurrentCopies() throws Exception {
        int copies = Integer.parseInt(opts.getOrDefault("concurrent", "100"));
        int eachMiB = Integer.parseInt(opts.getOrDefault("concurrentMiB", "8"));
        progress("(e) writing " + copies + " snapshots of " + eachMiB + " MiB each");
        List<String> sources = writeMany(copies, eachMiB);
        print("h_rss_before_mib", round(rssKiB("VmRSS") / 1024.0));
        RssSampler rss = new RssSampler();
        Thread sampler = Thread.ofPlatform().daemon().start(rss);
        sync();
        long before = copiedBytes(DEST);
        long t0 = System.nanoTime();
        List<String> copiesIds = new ArrayList<>();
        for (String s : sources) {
            copiesIds.add(copySnapshot(s, DEST, null));
        }
        progress("(e) " + copies + " copies requested in " + seconds(System.nanoTime() - t0) + " s");
        awaitAllCompleted(DEST, copiesIds);
        double elapsed = seconds(System.nanoTime() - t0);
        rss.stop = true;
        sampler.join();
        long bytes = copiedBytes(DEST) - before;
        print("e_seconds", elapsed);
        print("e_bytes", bytes);
        print("e_copies", copies);
        print("h_peak_rss_mib", round(rss.peakKiB / 1024.0));
        print("h_rss_samples", rss.samples);
    }

    /** (f) CopyImage latency while {@code pending} copies are pending on a slow link. */
    private void latencyWithPending() throws Exception {
        int pending = Integer.parseInt(opts.getOrDefault("pending", "100"));
        int samples = Integer.parseInt(opts.getOrDefault("latencySamples", "200"));
        Ec2Client dest = ec2(PENDING_DEST);
        progress("(f) " + pending + " copies of " + DEMO_IMAGE + " pending to " + PENDING_DEST);
        List<String> held = new ArrayList<>();
        for (int i = 0; i < pending; i++) {
            held.add(copyImage(dest, "bench-pending-" + i));
        }
        long stillPending = dest.describeImages(r -> r.imageIds(held)).images().stream()
                .filter(i -> i.stateAsString().equals("pending")).count();
        double[] ms = new double[samples];
        // A measured copy is deregistered (untimed) at once, so there are always `pending` others, and it is
        // preceded by as many unmeasured ones to warm the path up.
        for (int i = -Math.min(samples, 50); i < samples; i++) {
            long t0 = System.nanoTime();
            String id = copyImage(dest, "bench-latency-" + (i + 100));
            long t1 = System.nanoTime();
            dest.deregisterImage(r -> r.imageId(id));
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
            }
        }
        long afterPending = dest.describeImages(r -> r.imageIds(held)).images().stream()
                .filter(i -> i.stateAsString().equals("pending")).count();
        for (String id : held) {
            dest.deregisterImage(r -> r.imageId(id));
        }
        Arrays.sort(ms);
        print("f_pending_before", stillPending);
        print("f_pending_after", afterPending);
        print("f_samples", samples);
        print("f_p50_ms", round(percentile(ms, 50)));
        print("f_p99_ms", round(percentile(ms, 99)));
        print("f_max_ms", round(ms[ms.length - 1]));
    }

    /**
     * (g) Time-based copies admitted while best-effort copies fill the same slow link: the share done by their
     * deadline (the request's time plus the completion duration, in simulated time).
     */
    private void deadlines() throws Exception {
        int timeBased = Integer.parseInt(opts.getOrDefault("deadlineCopies", "3"));
        int timeBasedMiB = Integer.parseInt(opts.getOrDefault("deadlineMiB", "24"));
        int bestEffort = Integer.parseInt(opts.getOrDefault("bestEffortCopies", "4"));
        int bestEffortMiB = Integer.parseInt(opts.getOrDefault("bestEffortMiB", "32"));
        double timeScale = Double.parseDouble(opts.getOrDefault("timeScale", "60"));
        int minutes = 15;
        progress("(g) writing " + bestEffort + " x " + bestEffortMiB + " MiB best-effort and " + timeBased + " x "
                + timeBasedMiB + " MiB time-based sources");
        List<String> busy = writeMany(bestEffort, bestEffortMiB);
        List<String> due = writeMany(timeBased, timeBasedMiB);
        Ec2Client dest = ec2(DEADLINE_DEST);
        List<String> busyCopies = new ArrayList<>();
        for (String s : busy) {
            busyCopies.add(copySnapshot(s, DEADLINE_DEST, null));
        }
        Thread.sleep(1000);
        long realDeadlineMillis = Math.round(minutes * 60_000 / timeScale);
        Map<String, Long> deadlineOf = new LinkedHashMap<>();
        int refused = 0;
        for (String s : due) {
            long asked = System.currentTimeMillis();
            try {
                String id = dest.copySnapshot(r -> r.sourceRegion(SOURCE).sourceSnapshotId(s)
                        .destinationRegion(DEADLINE_DEST).completionDurationMinutes(minutes)).snapshotId();
                deadlineOf.put(id, asked + realDeadlineMillis);
            } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
                refused++;
                progress("(g) not admitted: " + e.awsErrorDetails().errorCode());
            }
        }
        progress("(g) " + deadlineOf.size() + " time-based copies admitted, due in " + realDeadlineMillis / 1000.0
                + " s (" + minutes + " simulated minutes at timeScale " + timeScale + ")");
        Map<String, Long> doneAt = new HashMap<>();
        long latest = deadlineOf.values().stream().mapToLong(Long::longValue).max().orElse(0);
        // Watch until every one is done, or well past the last deadline (they may finish late: that is the figure).
        long giveUp = latest + Math.max(10_000, realDeadlineMillis);
        while (doneAt.size() < deadlineOf.size() && System.currentTimeMillis() < giveUp) {
            for (Snapshot s : dest.describeSnapshots(r -> r.snapshotIds(deadlineOf.keySet())).snapshots()) {
                if (s.state() == SnapshotState.ERROR) {
                    throw new IllegalStateException("time-based copy " + s.snapshotId() + " failed: " + s.stateMessage());
                }
                if (s.state() == SnapshotState.COMPLETED) {
                    doneAt.putIfAbsent(s.snapshotId(), System.currentTimeMillis());
                }
            }
            Thread.sleep(50);
        }
        int onTime = 0;
        double worstMarginSeconds = Double.MAX_VALUE;
        for (Map.Entry<String, Long> e : deadlineOf.entrySet()) {
            Long done = doneAt.get(e.getKey());
            double margin = done == null ? Double.NEGATIVE_INFINITY : (e.getValue() - done) / 1000.0;
            worstMarginSeconds = Math.min(worstMarginSeconds, margin);
            if (done != null && done <= e.getValue()) {
                onTime++;
            }
        }
        long busyDone = dest.describeSnapshots(r -> r.snapshotIds(busyCopies)).snapshots().stream()
                .filter(s -> s.state() == SnapshotState.COMPLETED).count();
        for (String id : busyCopies) {
            dest.deleteSnapshot(r -> r.snapshotId(id));
        }
        print("g_admitted", deadlineOf.size());
        print("g_refused", refused);
        print("g_on_time", onTime);
        print("g_worst_margin_seconds", deadlineOf.isEmpty() ? 0 : worstMarginSeconds);
        print("g_deadline_seconds", realDeadlineMillis / 1000.0);
        print("g_best_effort_done_meanwhile", busyDone);
        print("g_best_effort", bestEffort);
    }

    // ---- copies and their timing

    private record Timed(String snapshotId, double seconds, long bytes) {}

    /** One copy, timed from the call to `completed` after a sync, and the bytes it moved by the metrics. */
    private Timed timedCopy(String source, String region, String kmsKey) throws Exception {
        sync();
        long before = copiedBytes(region);
        long t0 = System.nanoTime();
        String id = copySnapshot(source, region, kmsKey);
        awaitCompleted(region, id);
        double s = seconds(System.nanoTime() - t0);
        return new Timed(id, s, copiedBytes(region) - before);
    }

    private String copySnapshot(String source, String region, String kmsKey) {
        return ec2(region).copySnapshot(r -> r.sourceRegion(SOURCE).sourceSnapshotId(source)
                .destinationRegion(region).encrypted(kmsKey == null ? null : true).kmsKeyId(kmsKey)).snapshotId();
    }

    private String copyImage(Ec2Client dest, String name) {
        return dest.copyImage(r -> r.name(name).sourceRegion(SOURCE).sourceImageId(DEMO_IMAGE)).imageId();
    }

    private void awaitCompleted(String region, String snapshotId) throws InterruptedException {
        awaitAllCompleted(region, List.of(snapshotId));
    }

    /** Polls every 20 ms until every snapshot is completed; a copy that fails or outlasts the timeout ends the bench. */
    private void awaitAllCompleted(String region, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Snapshot> found = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 200) {
                List<String> page = ids.subList(i, Math.min(ids.size(), i + 200));
                found.addAll(ec2(region).describeSnapshots(r -> r.snapshotIds(page)).snapshots());
            }
            long done = 0;
            for (Snapshot s : found) {
                if (s.state() == SnapshotState.ERROR) {
                    throw new IllegalStateException("copy " + s.snapshotId() + " failed: " + s.stateMessage());
                }
                done += s.state() == SnapshotState.COMPLETED ? 1 : 0;
            }
            if (done == ids.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(done + " of " + ids.size() + " copies completed within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** The server's counter of bytes copied from the source Region to {@code region}. */
    private long copiedBytes(String region) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(endpoint.resolve("/_tern/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Pattern line = Pattern.compile("^tern_copy_bytes_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            if (m.group(1).contains("source_region=\"" + SOURCE + "\"")
                    && m.group(1).contains("destination_region=\"" + region + "\"")) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    // ---- source snapshots

    /** Writes {@code count} snapshots of {@code mib} MiB of new random data each, in parallel. */
    private List<String> writeMany(int count, int mib) throws Exception {
        int blocks = (int) (mib * MiB / BLOCK);
        List<String> ids = new ArrayList<>();
        int volumeGiB = Math.max(1, (mib + 1023) / 1024);
        EbsClient west = ebs(SOURCE);
        for (int i = 0; i < count; i++) {
            ids.add(west.startSnapshot(b -> b.volumeSize((long) volumeGiB).description("copy bench source"))
                    .snapshotId());
        }
        List<Future<?>> puts = new ArrayList<>();
        for (String id : ids) {
            for (int i = 0; i < blocks; i++) {
                int index = i;
                byte[] data = randomBlock();
                puts.add(writers.submit(() -> putBlock(west, id, index, data)));
            }
        }
        for (Future<?> f : puts) {
            f.get();
        }
        for (String id : ids) {
            west.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(blocks));
        }
        for (String id : ids) {
            awaitCompleted(SOURCE, id);
        }
        return ids;
    }

    /** Writes one snapshot (a child of {@code parent} when given) holding {@code blocks}, in parallel. */
    private String writeSnapshot(long volumeGiB, String parent, Map<Integer, byte[]> blocks) throws Exception {
        EbsClient west = ebs(SOURCE);
        String id = west.startSnapshot(b -> b.volumeSize(volumeGiB).parentSnapshotId(parent)
                .description("copy bench source")).snapshotId();
        List<Future<?>> puts = new ArrayList<>();
        blocks.forEach((index, data) -> puts.add(writers.submit(() -> putBlock(west, id, index, data))));
        for (Future<?> f : puts) {
            f.get();
        }
        west.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(blocks.size()));
        awaitCompleted(SOURCE, id);
        return id;
    }

    private static void putBlock(EbsClient client, String id, int index, byte[] data) {
        client.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(index).dataLength(BLOCK).checksum(checksum(data))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
    }

    private List<Integer> writtenBlocks(String region, String snapshotId) {
        List<Integer> out = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListSnapshotBlocksResponse r = ebs(region).listSnapshotBlocks(b -> b.snapshotId(snapshotId)
                    .maxResults(10000).nextToken(page));
            r.blocks().stream().map(Block::blockIndex).forEach(out::add);
            token = r.nextToken();
        } while (token != null);
        return out;
    }

    private static byte[] readBlock(EbsClient client, String snapshotId, int index) {
        String token = client.listSnapshotBlocks(b -> b.snapshotId(snapshotId).startingBlockIndex(index).maxResults(100))
                .blocks().stream().filter(b -> b.blockIndex() == index).findFirst()
                .orElseThrow(() -> new IllegalStateException("block " + index + " of " + snapshotId + " is missing"))
                .blockToken();
        return client.getSnapshotBlockAsBytes(b -> b.snapshotId(snapshotId).blockIndex(index).blockToken(token))
                .asByteArray();
    }

    private Snapshot describe(String region, String snapshotId) {
        return ec2(region).describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
    }

    private String newKey(String region, String description) {
        try (KmsClient kms = connect(KmsClient.builder(), region).build()) {
            return kms.createKey(r -> r.description(description)).keyMetadata().arn();
        }
    }

    private synchronized byte[] randomBlock() {
        byte[] b = new byte[BLOCK];
        random.nextBytes(b);
        return b;
    }

    private static String checksum(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the server process

    /** Samples the server's resident set every 50 ms: the peak of a phase, not of the process's whole life. */
    private final class RssSampler implements Runnable {
        volatile boolean stop;
        volatile long peakKiB;
        volatile long samples;

        @Override
        public void run() {
            while (!stop) {
                try {
                    peakKiB = Math.max(peakKiB, rssKiB("VmRSS"));
                    samples++;
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }
    }

    private long rssKiB(String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " for process " + serverPid);
    }

    /** As the script's timed commands do: no copy inherits the dirty pages of what came before. */
    private static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    // ---- clients and output

    private synchronized Ec2Client ec2(String region) {
        return ec2.computeIfAbsent(region, r -> connect(Ec2Client.builder(), r).build());
    }

    private synchronized EbsClient ebs(String region) {
        return ebs.computeIfAbsent(region, r -> connect(EbsClient.builder(), r).build());
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B connect(B builder, String region) {
        return builder.endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
    }

    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    private static void print(String name, Object value) {
        System.out.println(name + " " + value);
        System.out.flush();
    }

    private static void progress(String message) {
        System.err.println("copy: " + message);
    }
}
