package dev.tern.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.outposts.OutpostsClient;

/** The fixtures make what the AWS APIs then read back: real blocks, keys, shares; the clients are injected. */
class FixturesTest {
    static final int BLOCK = 512 * 1024;
    static final String OUTPOST = "arn:aws:outposts:us-west-2:123456789012:outpost/op-0123456789abcdef0";

    @RegisterExtension
    static TernExtension tern = TernExtension.builder()
            .account("123456789012", "AKIAFIXTURE00000001", "fixture-secret")
            .account("210987654321", "AKIAFIXTURE00000002", "other-secret")
            .regions("us-west-2", "us-east-1")
            .outposts(OUTPOST)
            .build();

    @TempDir
    Path dir;

    @Test
    void dataFromAFileIsReadBackBlockForBlock(EbsClient ebs, Ec2Client ec2) throws Exception {
        byte[] disk = new byte[2 * BLOCK + 1000];
        new Random(7).nextBytes(disk);
        Arrays.fill(disk, BLOCK, 2 * BLOCK, (byte) 0);
        Path file = dir.resolve("disk.img");
        Files.write(file, disk);

        String snapshot = tern.snapshot("us-west-2").withDataFrom(file).description("from a file").create();

        Snapshot s = ec2.describeSnapshots(r -> r.snapshotIds(snapshot)).snapshots().get(0);
        assertThat(s.volumeSize()).isEqualTo(1);
        assertThat(s.description()).isEqualTo("from a file");
        assertThat(ebs.listSnapshotBlocks(r -> r.snapshotId(snapshot)).blocks()).extracting(Block::blockIndex)
                .as("the all-zero block is left out").containsExactly(0, 2);
        assertThat(read(ebs, snapshot, 0)).isEqualTo(Arrays.copyOfRange(disk, 0, BLOCK));
        byte[] last = Arrays.copyOf(Arrays.copyOfRange(disk, 2 * BLOCK, disk.length), BLOCK);
        assertThat(read(ebs, snapshot, 2)).as("the partial block, zero-padded").isEqualTo(last);
    }

    @Test
    void aPatternRepeatsAcrossBlocks(EbsClient ebs) throws Exception {
        String snapshot = tern.snapshot("us-west-2").withPattern("tern".getBytes(), 2L * BLOCK).volumeSize(8).create();
        byte[] second = read(ebs, snapshot, 1);
        assertThat(new String(second, 0, 8)).isEqualTo("terntern");
    }

    @Test
    void randomDataIsTheSameForTheSameSeed(EbsClient ebs) throws Exception {
        String a = tern.snapshot("us-west-2").withRandomData(BLOCK, 5).create();
        String b = tern.snapshot("us-west-2").withRandomData(BLOCK, 5).create();
        String c = tern.snapshot("us-west-2").withRandomData(BLOCK, 6).create();
        assertThat(read(ebs, a, 0)).isEqualTo(read(ebs, b, 0)).isNotEqualTo(read(ebs, c, 0));
    }

    @Test
    void anEncryptedImageUnderAFixtureKey(Ec2Client ec2, EbsClient ebs, KmsClient kms) throws Exception {
        String key = tern.kmsKey("us-west-2").alias("alias/images").create();
        assertThat(kms.describeKey(r -> r.keyId("alias/images")).keyMetadata().arn()).isEqualTo(key);

        String ami = tern.image("us-west-2").withData(new byte[] {42}).encryptedWith("alias/images").register();

        var mapping = ec2.describeImages(r -> r.imageIds(ami)).images().get(0).blockDeviceMappings().get(0);
        assertThat(mapping.ebs().encrypted()).isTrue();
        assertThat(read(ebs, mapping.ebs().snapshotId(), 0)[0]).isEqualTo((byte) 42);
    }

    @Test
    void aSharedImageIsSeenByTheOtherAccount(@TernClient(account = "210987654321") Ec2Client other) {
        String ami = tern.image("us-west-2").withRandomData(BLOCK).sharedWith("210987654321").register();
        String notShared = tern.image("us-west-2").withRandomData(BLOCK).register();
        assertThat(other.describeImages(r -> r.executableUsers("self")).images()).extracting(i -> i.imageId())
                .containsExactly(ami).doesNotContain(notShared);
    }

    @Test
    void clientsWorkWhereTheyAreToldTo(@TernClient(region = "us-east-1") Ec2Client east, OutpostsClient outposts) {
        tern.image("us-east-1").withRandomData(BLOCK).register();
        assertThat(east.describeImages(r -> r.owners("self")).images()).hasSize(1);
        assertThat(tern.ec2("us-west-2").describeImages(r -> r.owners("self")).images()).isEmpty();
        assertThat(outposts.listOutposts(r -> { }).outposts()).extracting(o -> o.outpostArn()).containsExactly(OUTPOST);
        assertThat(tern.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIAFIXTURE00000001");
    }

    private static byte[] read(EbsClient ebs, String snapshot, int index) throws Exception {
        var token = ebs.listSnapshotBlocks(r -> r.snapshotId(snapshot)).blocks().stream()
                .filter(b -> b.blockIndex() == index).findFirst().orElseThrow().blockToken();
        try (ResponseInputStream<GetSnapshotBlockResponse> in = ebs.getSnapshotBlock(
                r -> r.snapshotId(snapshot).blockIndex(index).blockToken(token))) {
            return in.readAllBytes();
        }
    }
}
