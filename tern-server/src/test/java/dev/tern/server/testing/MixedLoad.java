package dev.tern.server.testing;

import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.outposts.OutpostsClient;

/**
 * A mixed load on a `tern server --demo` for bench/memory: CLIENTS clients, each on a thread of its own with its own
 * connection, for SECONDS seconds, each looping over what users do: EC2 DescribeImages and DescribeRegions, KMS
 * Encrypt and Decrypt, Outposts ListOutposts, EBS GetSnapshotBlock of the demo snapshot, and EBS uploads
 * (StartSnapshot, four 512 KiB blocks, CompleteSnapshot). Loopback only. Prints what it did.
 *
 * <p>{@code java -cp tern-cli/target/tern.jar:tern-server/target/test-classes dev.tern.server.testing.MixedLoad URL
 * CLIENTS SECONDS}
 */
public final class MixedLoad {
    private static final String DEMO_IMAGE = "ami-066877671789bd71b";

    private MixedLoad() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("MixedLoad runs against a server on loopback only, not " + url);
        }
        int clients = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < clients; n++) {
            int id = n;
            threads.add(Thread.ofPlatform().start(() -> run(url, id, deadline, done, errors)));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println(done.get() + " operations, " + errors.get() + " errors");
    }

    private static void run(URI url, int id, long deadline, AtomicLong done, AtomicLong errors) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        try (SdkHttpClient http = ApacheHttpClient.builder().maxConnections(2).build();
             Ec2Client ec2 = Ec2Client.builder().endpointOverride(url).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(http).build();
             KmsClient kms = KmsClient.builder().endpointOverride(url).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(http).build();
             OutpostsClient outposts = OutpostsClient.builder().endpointOverride(url).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(http).build();
             EbsClient ebs = EbsClient.builder().endpointOverride(url).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(http).build();
             EbsClient ebsWest = EbsClient.builder().endpointOverride(url).region(Region.US_WEST_2)
                     .credentialsProvider(credentials).httpClient(http).build();
             Ec2Client ec2West = Ec2Client.builder().endpointOverride(url).region(Region.US_WEST_2)
                     .credentialsProvider(credentials).httpClient(http).build()) {
            String snapshot = ec2West.describeImages(b -> b.imageIds(DEMO_IMAGE)).images().get(0)
                    .blockDeviceMappings().get(0).ebs().snapshotId();
            List<Block> blocks = ebsWest.listSnapshotBlocks(b -> b.snapshotId(snapshot).maxResults(100)).blocks();
            byte[] data = new byte[512 * 1024];
            new Random(id).nextBytes(data);
            String checksum = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
            for (int step = 0; System.nanoTime() < deadline; step++) {
                try {
                    switch (step % 6) {
                        case 0 -> {
                            ec2.describeImages(b -> b.owners("self"));
                            ec2.describeRegions();
                        }
                        case 1 -> {
                            SdkBytes blob = kms.encrypt(b -> b.keyId("alias/my-kms-key")
                                    .plaintext(SdkBytes.fromUtf8String("x".repeat(256)))).ciphertextBlob();
                            kms.decrypt(b -> b.ciphertextBlob(blob));
                        }
                        case 2 -> outposts.listOutposts(b -> { });
                        case 3, 4 -> {
                            Block block = blocks.get((id * 7 + step) % blocks.size());
                            ebsWest.getSnapshotBlock(b -> b.snapshotId(snapshot).blockIndex(block.blockIndex())
                                    .blockToken(block.blockToken()), ResponseTransformer.toBytes());
                        }
                        default -> {
                            String sid = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
                            for (int i = 0; i < 4; i++) {
                                int index = i;
                                ebs.putSnapshotBlock(b -> b.snapshotId(sid).blockIndex(index).dataLength(data.length)
                                        .checksum(checksum).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                                        RequestBody.fromBytes(data));
                            }
                            ebs.completeSnapshot(b -> b.snapshotId(sid).changedBlocksCount(4));
                        }
                    }
                    done.incrementAndGet();
                } catch (RuntimeException e) {
                    if (errors.incrementAndGet() <= 5) {
                        System.err.println("MixedLoad: client " + id + ": " + e);
                    }
                }
            }
        } catch (Exception e) {
            errors.incrementAndGet();
            System.err.println("MixedLoad: client " + id + " could not start: " + e);
        }
    }
}
