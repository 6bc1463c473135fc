package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.AccessDeniedException;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.EbsException;
import software.amazon.awssdk.services.ebs.model.SSEType;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.ValidationException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.kms.KmsClient;

/** Encrypted snapshots through the EBS direct APIs: the outcome table, sealed blocks, key state and key access. */
class EbsEncryptionTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final Random random = new Random(41);

    @Test
    void encryptionByDefaultAndTheDefaultKeyAreSettingsOfTheAccountInTheRegion() {
        try (Ec2Client ec2 = tern.ec2(CAROL, "eu-west-1"); KmsClient kms = tern.kms(CAROL, "eu-west-1")) {
            assertThat(ec2.getEbsEncryptionByDefault(b -> { }).ebsEncryptionByDefault()).isFalse();
            assertThat(ec2.getEbsDefaultKmsKeyId(b -> { }).kmsKeyId()).isEqualTo("alias/aws/ebs");

            String arn = kms.createKey(b -> { }).keyMetadata().arn();
            kms.createAlias(b -> b.aliasName("alias/ebs-default").targetKeyId(arn));
            assertThat(ec2.modifyEbsDefaultKmsKeyId(b -> b.kmsKeyId("alias/ebs-default")).kmsKeyId()).isEqualTo(arn);
            assertThat(ec2.getEbsDefaultKmsKeyId(b -> { }).kmsKeyId()).isEqualTo(arn);
            assertThatThrownBy(() -> ec2.modifyEbsDefaultKmsKeyId(b -> b.kmsKeyId("alias/none")))
                    .isInstanceOfSatisfying(Ec2Exception.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));

            String managed = ec2.resetEbsDefaultKmsKeyId(b -> { }).kmsKeyId();
            assertThat(managed).isEqualTo(kms.describeKey(b -> b.keyId("alias/aws/ebs")).keyMetadata().arn());
            assertThat(ec2.getEbsDefaultKmsKeyId(b -> { }).kmsKeyId()).isEqualTo("alias/aws/ebs");

            assertThat(ec2.enableEbsEncryptionByDefault(b -> { }).ebsEncryptionByDefault()).isTrue();
            assertThat(ec2.getEbsEncryptionByDefault(b -> { }).ebsEncryptionByDefault()).isTrue();
            try (Ec2Client elsewhere = tern.ec2(CAROL, "us-west-2")) {
                assertThat(elsewhere.getEbsEncryptionByDefault(b -> { }).ebsEncryptionByDefault()).isFalse();
            }
            assertThat(ec2.disableEbsEncryptionByDefault(b -> { }).ebsEncryptionByDefault()).isFalse();
        }
    }

    @Test
    void anEncryptedSnapshotRoundTripsAndShowsItsKeyEverywhere() {
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client ec2 = tern.ec2(ALICE, "us-east-1"); KmsClient kms = tern.kms(ALICE)) {
            StartSnapshotResponse started = ebs.startSnapshot(b -> b.volumeSize(1L).encrypted(true));
            String managed = kms.describeKey(b -> b.keyId("alias/aws/ebs")).keyMetadata().arn();
            assertThat(started.sseType()).isEqualTo(SSEType.SSE_KMS);
            assertThat(started.kmsKeyArn()).isEqualTo(managed);
            SortedMap<Integer, byte[]> written = blocks(5);
            Uploads.putAll(ebs, started.snapshotId(), written);
            Uploads.complete(ebs, started.snapshotId(), written);
            assertBlocks(readAll(ebs, started.snapshotId()), written);

            Snapshot s = ec2.describeSnapshots(b -> b.snapshotIds(started.snapshotId())).snapshots().get(0);
            assertThat(s.encrypted()).isTrue();
            assertThat(s.kmsKeyId()).isEqualTo(managed);
            assertThat(s.dataEncryptionKeyId()).startsWith("dek-");

            String image = ec2.registerImage(b -> b.name("encrypted-root").rootDeviceName("/dev/xvda")
                    .architecture("x86_64").virtualizationType("hvm")
                    .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(started.snapshotId()))))
                    .imageId();
            List<Image> found = ec2.describeImages(b -> b.owners("self")
                    .filters(f -> f.name("block-device-mapping.encrypted").values("true"))).images();
            assertThat(found).extracting(Image::imageId).contains(image);
            Image i = found.stream().filter(x -> x.imageId().equals(image)).findFirst().orElseThrow();
            assertThat(i.blockDeviceMappings().get(0).ebs().kmsKeyId()).isEqualTo(managed);
        }
    }

    @Test
    void startSnapshotFollowsTheEncryptionOutcomeTable() {
        try (EbsClient ebs = tern.ebs(BOB, "us-west-2"); Ec2Client ec2 = tern.ec2(BOB, "us-west-2");
             KmsClient kms = tern.kms(BOB, "us-west-2")) {
            String key = kms.createKey(b -> { }).keyMetadata().arn();
            assertThat(ebs.startSnapshot(b -> b.volumeSize(1L).kmsKeyArn(key)).kmsKeyArn()).isEqualTo(key);
            assertThat(ebs.startSnapshot(b -> b.volumeSize(1L).encrypted(true).kmsKeyArn(key)).kmsKeyArn()).isEqualTo(key);
            assertThat(ebs.startSnapshot(b -> b.volumeSize(1L)).sseType()).isEqualTo(SSEType.NONE);
            invalid("INVALID_PARAMETER_VALUE", () -> ebs.startSnapshot(b -> b.volumeSize(1L).encrypted(false).kmsKeyArn(key)));
            invalid("INVALID_CUSTOMER_KEY", () -> ebs.startSnapshot(b -> b.volumeSize(1L).kmsKeyArn(
                    key.replaceAll("key/.*", "key/00000000-0000-0000-0000-000000000000"))));
            String rsa = kms.createKey(b -> b.keySpec("RSA_2048").keyUsage("ENCRYPT_DECRYPT")).keyMetadata().arn();
            invalid("INVALID_CUSTOMER_KEY", () -> ebs.startSnapshot(b -> b.volumeSize(1L).kmsKeyArn(rsa)));

            // A child keeps its parent's encryption, and names neither.
            String parent = completed(ebs, b -> b.volumeSize(1L).kmsKeyArn(key), blocks(2));
            StartSnapshotResponse child = ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent));
            assertThat(child.kmsKeyArn()).isEqualTo(key);
            invalid("INVALID_DEPENDENCY_REQUEST", () -> ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent)
                    .kmsKeyArn(key)));
            invalid("INVALID_DEPENDENCY_REQUEST", () -> ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent)
                    .encrypted(true)));

            String clearParent = completed(ebs, b -> b.volumeSize(1L), blocks(1));
            ec2.enableEbsEncryptionByDefault(b -> { });
            try {
                StartSnapshotResponse byDefault = ebs.startSnapshot(b -> b.volumeSize(1L));
                assertThat(byDefault.sseType()).isEqualTo(SSEType.SSE_KMS);
                assertThat(byDefault.kmsKeyArn()).isEqualTo(kms.describeKey(b -> b.keyId("alias/aws/ebs")).keyMetadata().arn());
                invalid("INVALID_PARAMETER_VALUE", () -> ebs.startSnapshot(b -> b.volumeSize(1L).encrypted(false)));
                invalid("INVALID_DEPENDENCY_REQUEST", () -> ebs.startSnapshot(b -> b.volumeSize(1L)
                        .parentSnapshotId(clearParent)));
                ec2.modifyEbsDefaultKmsKeyId(b -> b.kmsKeyId(key));
                assertThat(ebs.startSnapshot(b -> b.volumeSize(1L)).kmsKeyArn()).isEqualTo(key);
            } finally {
                ec2.disableEbsEncryptionByDefault(b -> { });
            }
        }
    }

    @Test
    void aChildReadsTheBlocksItInheritedSealedForItsParent() {
        try (EbsClient ebs = tern.ebs(ALICE); KmsClient kms = tern.kms(ALICE)) {
            String key = kms.createKey(b -> { }).keyMetadata().arn();
            SortedMap<Integer, byte[]> parentBlocks = blocks(4);
            String parent = completed(ebs, b -> b.volumeSize(1L).kmsKeyArn(key), parentBlocks);
            SortedMap<Integer, byte[]> childWrites = new TreeMap<>();
            childWrites.put(parentBlocks.firstKey(), Uploads.randomBlock(random));
            String child = completed(ebs, b -> b.volumeSize(1L).parentSnapshotId(parent), childWrites);
            SortedMap<Integer, byte[]> expected = new TreeMap<>(parentBlocks);
            expected.putAll(childWrites);
            assertBlocks(readAll(ebs, child), expected);
            assertBlocks(readAll(ebs, parent), parentBlocks);
        }
    }

    @Test
    void aDisabledOrDeletedKeyStopsReadsAndWrites() {
        try (EbsClient ebs = tern.ebs(ALICE); KmsClient kms = tern.kms(ALICE)) {
            String key = kms.createKey(b -> { }).keyMetadata().arn();
            SortedMap<Integer, byte[]> written = blocks(2);
            String done = completed(ebs, b -> b.volumeSize(1L).kmsKeyArn(key), written);
            String pending = ebs.startSnapshot(b -> b.volumeSize(1L).kmsKeyArn(key)).snapshotId();
            List<Block> listed = Uploads.listAll(ebs, done, 100);

            kms.disableKey(b -> b.keyId(key));
            invalid("INVALID_CUSTOMER_KEY", () -> Uploads.put(ebs, pending, 0, Uploads.randomBlock(random)));
            invalid("INVALID_CUSTOMER_KEY", () -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(done)
                    .blockIndex(listed.get(0).blockIndex()).blockToken(listed.get(0).blockToken())));
            invalid("INVALID_CUSTOMER_KEY", () -> ebs.listSnapshotBlocks(b -> b.snapshotId(done)));
            invalid("INVALID_CUSTOMER_KEY", () -> ebs.startSnapshot(b -> b.volumeSize(1L).kmsKeyArn(key)));

            kms.enableKey(b -> b.keyId(key));
            assertBlocks(readAll(ebs, done), written);
            kms.scheduleKeyDeletion(b -> b.keyId(key).pendingWindowInDays(7));
            invalid("INVALID_CUSTOMER_KEY", () -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(done)
                    .blockIndex(listed.get(0).blockIndex()).blockToken(listed.get(0).blockToken())));
        }
    }

    @Test
    void aSharedEncryptedSnapshotIsReadOnlyByThoseTheKeyLets() {
        try (EbsClient aliceEbs = tern.ebs(ALICE); EbsClient carolEbs = tern.ebs(CAROL); Ec2Client ec2 = tern.ec2(ALICE, "us-east-1");
             KmsClient kms = tern.kms(ALICE)) {
            String key = kms.createKey(b -> { }).keyMetadata().arn();
            SortedMap<Integer, byte[]> written = blocks(1);
            String id = completed(aliceEbs, b -> b.volumeSize(1L).kmsKeyArn(key), written);
            ec2.modifySnapshotAttribute(b -> b.snapshotId(id).attribute("createVolumePermission")
                    .createVolumePermission(p -> p.add(a -> a.userId(CAROL))));

            assertThatThrownBy(() -> carolEbs.listSnapshotBlocks(b -> b.snapshotId(id)))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.reasonAsString()).isEqualTo("DEPENDENCY_ACCESS_DENIED");
                    });
            kms.putKeyPolicy(b -> b.keyId(key).policyName("default").policy("""
                    {"Version":"2012-10-17","Statement":[
                      {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"},
                      {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:Decrypt","Resource":"*",
                       "Condition":{"StringEquals":{"kms:ViaService":"ec2.us-east-1.amazonaws.com"}}}]}
                    """.formatted(ALICE, CAROL)));
            assertBlocks(readAll(carolEbs, id), written);
        }
    }

    @Test
    void aSealedBlockMovedOnDiskIsRefusedNotReadAsOtherBytes() throws Exception {
        try (EbsClient ebs = tern.ebs(BOB); KmsClient kms = tern.kms(BOB)) {
            String key = kms.createKey(b -> { }).keyMetadata().arn();
            SortedMap<Integer, byte[]> written = new TreeMap<>();
            written.put(0, Uploads.randomBlock(random));
            written.put(1, Uploads.randomBlock(random));
            String id = completed(ebs, b -> b.volumeSize(1L).kmsKeyArn(key), written);
            List<String> names = tern.app().services().catalog().read(h -> h.createQuery(
                    "SELECT block_key FROM snapshot_blocks WHERE snapshot_id = :id ORDER BY block_index").bind("id", id)
                    .mapTo(String.class).list()).stream().map(k -> k.substring(k.indexOf('/') + 1)).toList();
            List<Path> sealed;
            try (Stream<Path> files = Files.walk(tern.dataDir().resolve("blocks"))) {
                sealed = files.filter(p -> names.contains(p.getFileName().toString()))
                        .sorted(java.util.Comparator.comparing(p -> names.indexOf(p.getFileName().toString()))).toList();
            }
            assertThat(sealed).hasSize(2);
            List<Block> listed = Uploads.listAll(ebs, id, 100);
            // Block 0's object now holds block 1's sealed bytes: block 0 must refuse them, block 1 still reads.
            byte[] first = Files.readAllBytes(sealed.get(1));
            byte[] second = Files.readAllBytes(sealed.get(0));
            Files.write(sealed.get(0), first);
            int refused = 0;
            for (Block b : listed) {
                try {
                    byte[] got = ebs.getSnapshotBlockAsBytes(r -> r.snapshotId(id).blockIndex(b.blockIndex())
                            .blockToken(b.blockToken())).asByteArray();
                    assertThat(got).isEqualTo(written.get(b.blockIndex()));
                } catch (EbsException e) {
                    assertThat(e.statusCode()).isEqualTo(500);
                    refused++;
                }
            }
            Files.write(sealed.get(0), second);
            assertThat(refused).isEqualTo(1);
        }
    }

    private SortedMap<Integer, byte[]> blocks(int n) {
        SortedMap<Integer, byte[]> out = new TreeMap<>();
        while (out.size() < n) {
            out.put(random.nextInt(2048), Uploads.randomBlock(random));
        }
        return out;
    }

    private static String completed(EbsClient ebs,
            java.util.function.Consumer<software.amazon.awssdk.services.ebs.model.StartSnapshotRequest.Builder> start,
            SortedMap<Integer, byte[]> written) {
        String id = ebs.startSnapshot(start).snapshotId();
        Uploads.putAll(ebs, id, written);
        Uploads.complete(ebs, id, written);
        return id;
    }

    private static SortedMap<Integer, byte[]> readAll(EbsClient ebs, String id) {
        SortedMap<Integer, byte[]> out = new TreeMap<>();
        for (Block b : Uploads.listAll(ebs, id, 100)) {
            out.put(b.blockIndex(), ebs.getSnapshotBlockAsBytes(r -> r.snapshotId(id).blockIndex(b.blockIndex())
                    .blockToken(b.blockToken())).asByteArray());
        }
        return out;
    }

    private static void assertBlocks(SortedMap<Integer, byte[]> actual, SortedMap<Integer, byte[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((index, data) -> assertThat(actual.get(index)).as("block " + index).isEqualTo(data));
    }

    private static void invalid(String reason, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.reasonAsString()).isEqualTo(reason);
        });
    }
}
