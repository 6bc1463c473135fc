package dev.tern.cli.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tern.cli.TernMain;
import dev.tern.config.DemoData;
import dev.tern.junit.TernExtension;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * {@code tern ebs upload-snapshot} then {@code download-snapshot} against a real Tern, each command in its own JVM
 * with credentials from the environment, as a user runs them.
 */
class EbsRoundTripTest {
    private static final int B = EbsBlocks.BLOCK_SIZE;
    /** Blocks 0, 2 and 4 hold data, 1, 3, 5 and 6 are zeros, and a final partial block 7 holds 1000 bytes. */
    private static final int SIZE = 7 * B + 1000;

    @TempDir
    static Path dir;
    /** Its one account is the demo's, whose key pair the commands find in the environment. */
    @RegisterExtension
    static TernExtension tern = TernExtension.builder().build();
    private static String url;

    @BeforeAll
    static void endpoint() {
        url = tern.endpoint().toString();
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run tern(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TernMain.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", url));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", DemoData.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", DemoData.SECRET_ACCESS_KEY, "AWS_REGION", "us-east-1"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tern %s finished", args[1]).isTrue();
        return new Run(p.exitValue(), Files.readString(out).strip(), Files.readString(err));
    }

    private static byte[] image() {
        byte[] data = new byte[SIZE];
        Random random = new Random(42);
        for (int block : new int[] {0, 2, 4}) {
            byte[] b = new byte[B];
            random.nextBytes(b);
            System.arraycopy(b, 0, data, block * B, B);
        }
        byte[] tail = new byte[1000];
        random.nextBytes(tail);
        System.arraycopy(tail, 0, data, 7 * B, 1000);
        return data;
    }

    private static EbsClient ebs() {
        return EbsClient.builder().endpointOverride(URI.create(url)).region(Region.US_EAST_1)
                .httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DemoData.ACCESS_KEY_ID, DemoData.SECRET_ACCESS_KEY))).build();
    }

    @Test
    void anUploadedImageDownloadsByteForByteIntoASparseFileOfTheVolumeSize() throws Exception {
        byte[] data = image();
        Path source = dir.resolve("image.raw");
        Files.write(source, data);

        Run upload = tern("ebs", "upload-snapshot", source.toString(), "--wait", "--description", "round trip");
        assertThat(upload.exit()).as(upload.stderr()).isZero();
        String snapshotId = upload.stdout();
        assertThat(snapshotId).matches("snap-[0-9a-f]{17}");
        assertThat(upload.stderr()).as("no progress bar when stderr is not a terminal").doesNotContain("\r");

        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(url)).region(Region.US_EAST_1)
                .httpClient(ApacheHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DemoData.ACCESS_KEY_ID, DemoData.SECRET_ACCESS_KEY))).build()) {
            var snapshot = ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().get(0);
            assertThat(snapshot.state()).isEqualTo(SnapshotState.COMPLETED);
            assertThat(snapshot.volumeSize()).as("the file's size rounded up to whole GiB").isEqualTo(1);
            assertThat(snapshot.description()).isEqualTo("round trip");
        }
        try (EbsClient ebs = ebs()) {
            List<Integer> written = ebs.listSnapshotBlocks(b -> b.snapshotId(snapshotId)).blocks().stream()
                    .map(Block::blockIndex).toList();
            assertThat(written).as("zero blocks are neither written nor counted").containsExactly(0, 2, 4, 7);
        }

        Path target = dir.resolve("downloaded.raw");
        Files.write(target, "old content that must go".getBytes(StandardCharsets.US_ASCII));
        Run download = tern("ebs", "download-snapshot", snapshotId, target.toString());
        assertThat(download.exit()).as(download.stderr()).isZero();
        assertThat(Files.size(target)).isEqualTo(EbsBlocks.GIB);
        byte[] padded = new byte[8 * B];
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "r")) {
            raf.readFully(padded);
        }
        assertThat(Arrays.equals(padded, 0, SIZE, data, 0, SIZE)).as("the image's bytes").isTrue();
        assertThat(EbsBlocks.isAllZero(Arrays.copyOfRange(padded, SIZE, padded.length), padded.length - SIZE))
                .as("the zero padding of the final block").isTrue();
        long allocated = allocatedBytes(target);
        assertThat(allocated).as("disk used by a 1 GiB download holding 2 MiB").isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aSnapshotThatDoesNotExistIsAnErrorNamingIt() throws Exception {
        Run download = tern("ebs", "download-snapshot", "snap-0123456789abcdef0", dir.resolve("none.raw").toString());
        assertThat(download.exit()).isEqualTo(1);
        assertThat(download.stderr()).contains("ResourceNotFoundException");
    }

    @Test
    void aVolumeSizeSmallerThanTheFileIsRefused() throws Exception {
        Path big = dir.resolve("big.raw");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(EbsBlocks.GIB + 1);
        }
        Run upload = tern("ebs", "upload-snapshot", big.toString(), "--volume-size", "1");
        assertThat(upload.exit()).isEqualTo(2);
        assertThat(upload.stderr()).contains("--volume-size 1 GiB is smaller than");
    }

    /** What {@code du} reports: the blocks a file occupies on disk, holes excluded. */
    private static long allocatedBytes(Path file) throws Exception {
        Process du;
        try {
            du = new ProcessBuilder("du", "-k", file.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeThat(false).as("du is available").isTrue();
            return 0;
        }
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(du.waitFor()).as(out).isZero();
        return Long.parseLong(out.trim().split("\\s+")[0]) * 1024;
    }
}
