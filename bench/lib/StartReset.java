import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.server.Tern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;

/**
 * bench/junit's measurements, in one warm JVM: the median of ROUNDS starts of an in-process Tern (what a test class
 * pays) and of ROUNDS resets of its catalogue between tests (on an empty baseline, and on one holding the demo data),
 * each against a floor measured in the same run: a bare Jetty server's start on port 0, and one empty write
 * transaction on the same catalogue.
 */
public final class StartReset {
    static final int ROUNDS = Integer.getInteger("rounds", 20);
    static final int WARMUP = Integer.getInteger("warmup", 10);

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            start().close();
            jetty();
        }
        List<Double> starts = new ArrayList<>();
        List<Double> jettys = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            Tern tern = start();
            starts.add(ms(t));
            tern.close();
            jettys.add(jetty());
        }
        List<Double> resets = new ArrayList<>();
        List<Double> commits = new ArrayList<>();
        List<Double> demoResets = new ArrayList<>();
        try (Tern tern = start()) {
            resets(tern, resets, commits);
        }
        try (Tern tern = Tern.builder().demo(true).regions("us-east-1", "us-west-2").start()) {
            resets(tern, demoResets, new ArrayList<>());
        }
        report("start", median(starts), 300, "a bare Jetty start", median(jettys));
        report("reset", median(resets), 20, "one empty catalogue commit", median(commits));
        report("reset, demo data kept", median(demoResets), 20, "one empty catalogue commit", median(commits));
    }

    /** Rounds of what a test leaves behind (a key, a snapshot, an image on it), each undone by a timed reset. */
    static void resets(Tern tern, List<Double> resets, List<Double> commits) {
        TernServices s = tern.services();
        CallContext ctx = new CallContext(s.accounts().byId("123456789012"), s.regions().get("us-east-1"), "bench");
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            // What a test leaves behind: a key, a snapshot and an image on it.
            s.kms().createKey(ctx, CreateKeyRequest.builder().build());
            String snap = snapshotWithOneBlock(s, ctx);
            s.images().registerImage(ctx, RegisterImageRequest.builder().name("bench-" + i).rootDeviceName("/dev/xvda")
                    .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda")
                            .ebs(e -> e.snapshotId(snap)).build()).build());
            long t = System.nanoTime();
            tern.reset();
            double reset = ms(t);
            t = System.nanoTime();
            s.catalog().useTransaction(h -> h.execute("DELETE FROM images WHERE image_id = 'none'"));
            double commit = ms(t);
            if (i >= WARMUP) {
                resets.add(reset);
                commits.add(commit);
            }
        }
    }

    /** A completed snapshot holding one block, written through the EBS direct service as a client would. */
    static String snapshotWithOneBlock(TernServices s, CallContext ctx) {
        byte[] block = new byte[512 * 1024];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(block);
        String id = s.ebs().startSnapshot(ctx, software.amazon.awssdk.services.ebs.model.StartSnapshotRequest.builder()
                .volumeSize(1L).description("bench").build()).snapshotId();
        String sha;
        try {
            sha = java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(block));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        s.ebs().putSnapshotBlock(ctx, software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest.builder()
                .snapshotId(id).blockIndex(0).dataLength(block.length).checksum(sha).checksumAlgorithm("SHA256")
                .build(), block);
        s.ebs().completeSnapshot(ctx, software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest.builder()
                .snapshotId(id).changedBlocksCount(1).build());
        return id;
    }

    static Tern start() throws Exception {
        return Tern.builder().account("123456789012", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .regions("us-east-1", "us-west-2").start();
    }

    static double jetty() throws Exception {
        long t = System.nanoTime();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.start();
        double took = ms(t);
        server.stop();
        return took;
    }

    static void report(String what, double median, int goalMs, String floor, double floorMedian) {
        System.out.printf("%s: median %.1f ms of %d (goal <= %d ms: %s); %s: %.1f ms; ratio %.1fx%n", what, median,
                ROUNDS, goalMs, median <= goalMs ? "met" : "NOT met", floor, floorMedian, median / floorMedian);
    }

    static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
