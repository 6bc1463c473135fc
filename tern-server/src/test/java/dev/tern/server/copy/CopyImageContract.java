package dev.tern.server.copy;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.config.TernConfig;
import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * (The SDK for Java v2 presigns every CopySnapshot for the source Region and cannot tell the destination Region of a
 * local endpoint: CopySnapshot calls here set destinationRegion, as docs/copying.md tells SDK users to.)
 *
 * The copy engine through the AWS SDK for Java v2, on the catalogue each subclass chooses: real blocks are copied
 * between Regions, re-sealed under another key, copied incrementally, stopped, copied to an Outpost. Copies from
 * us-west-2 to eu-west-1 go over a slow simulated link, so a copy there is still pending when a test looks.
 */
abstract class CopyImageContract {
    static final Duration WAIT = Duration.ofSeconds(60);

    abstract TernTestServer tern();

    static TernConfig withSlowLink(TernConfig config) {
        return config.withLinks(List.of(new TernConfig.LinkConfig("us-west-2", "eu-west-1", "2MiB/s", null)))
                .withDeregisteredImageVisibleSeconds(2);
    }

    @Test
    @DisplayName("Copying a source AMI results in an identical but distinct target AMI, with its own ID, "
            + "in the destination Region (the Region called); each backing snapshot is copied to an "
            + "identical but distinct snapshot; deregistering the source has no effect on the target")
    void copyingASourceAmiResultsInAnIdenticalButDistinctTargetAmiInTheDestinationRegion() throws Exception {
        Random random = new Random(1);
        SortedMap<Integer, byte[]> root = Disks.randomBlocks(random, 6);
        SortedMap<Integer, byte[]> data = Disks.randomBlocks(random, 4);
        try (EbsClient west = tern().ebs(ALICE, "us-west-2"); EbsClient east = tern().ebs(ALICE, "us-east-1");
             Ec2Client ec2West = tern().ec2(ALICE, "us-west-2"); Ec2Client ec2East = tern().ec2(ALICE, "us-east-1")) {
            String s1 = Disks.snapshot(west, root, null, null, null);
            String s2 = Disks.snapshot(west, data, null, null, null);
            String source = Disks.registerImage(ec2West, "two-disks", s1, s2);

            String copy = ec2East.copyImage(r -> r.name("two-disks-copy").sourceRegion("us-west-2")
                    .sourceImageId(source)).imageId();
            assertThat(copy).isNotEqualTo(source).matches("ami-[0-9a-f]{17}");

            Image image = Disks.awaitImage(ec2East, copy, WAIT);
            assertThat(image.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(image.sourceImageId()).isEqualTo(source);
            assertThat(image.sourceImageRegion()).isEqualTo("us-west-2");
            assertThat(image.description()).isEqualTo("[Copied " + source + " from us-west-2]");
            List<String> copied = image.blockDeviceMappings().stream().map(m -> m.ebs().snapshotId()).toList();
            assertThat(copied).hasSize(2).doesNotContain(s1, s2);
            Disks.assertSameBlocks(Disks.read(east, copied.get(0)), root);
            Disks.assertSameBlocks(Disks.read(east, copied.get(1)), data);
            Snapshot snapshot = ec2East.describeSnapshots(r -> r.snapshotIds(copied.get(0))).snapshots().get(0);
            assertThat(snapshot.progress()).isEqualTo("100%");
            assertThat(snapshot.description()).startsWith("Copied for DestinationAmi " + copy + " from SourceAmi "
                    + source + " for SourceSnapshot " + s1 + ".");
            // You can change or deregister the source AMI with no effect on the target AMI.
            ec2West.deregisterImage(r -> r.imageId(source));
            Disks.assertSameBlocks(Disks.read(east, copied.get(0)), root);
        }
    }

    @Test
    @DisplayName("Re-encrypting during the copy: the target snapshot holds the same data as the source, "
            + "encrypted under the specified key")
    void reEncryptingACopySealsTheSamePlaintextUnderTheDestinationKey() throws Exception {
        Random random = new Random(2);
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(random, 40);
        try (KmsClient kmsWest = tern().kms(ALICE, "us-west-2"); KmsClient kmsEast = tern().kms(ALICE, "us-east-1");
             EbsClient west = tern().ebs(ALICE, "us-west-2"); EbsClient east = tern().ebs(ALICE, "us-east-1");
             Ec2Client ec2West = tern().ec2(ALICE, "us-west-2"); Ec2Client ec2East = tern().ec2(ALICE, "us-east-1")) {
            String keyA = kmsWest.createKey(r -> r.description("source key")).keyMetadata().arn();
            String keyB = kmsEast.createKey(r -> r.description("destination key")).keyMetadata().arn();
            String s = Disks.snapshot(west, blocks, null, true, keyA);
            String source = Disks.registerImage(ec2West, "sealed", s);

            String copy = ec2East.copyImage(r -> r.name("sealed-copy").sourceRegion("us-west-2").sourceImageId(source)
                    .encrypted(true).kmsKeyId(keyB)).imageId();
            Image image = Disks.awaitImage(ec2East, copy, WAIT);
            assertThat(image.state()).isEqualTo(ImageState.AVAILABLE);
            String dest = image.blockDeviceMappings().get(0).ebs().snapshotId();
            Snapshot snapshot = ec2East.describeSnapshots(r -> r.snapshotIds(dest)).snapshots().get(0);
            assertThat(snapshot.encrypted()).isTrue();
            assertThat(snapshot.kmsKeyId()).isEqualTo(keyB);
            Disks.assertSameBlocks(Disks.read(east, dest), blocks);
            // Equal plaintext, different stored bytes: another data key sealed every object of the copy.
            Map<String, Object> stored = CopyCatalog.sealing(tern(), dest);
            Map<String, Object> original = CopyCatalog.sealing(tern(), s);
            assertThat(stored.get("data_keys")).isNotEqualTo(original.get("data_keys"));
            assertThat(CopyCatalog.sharedObjects(tern(), s, dest)).isZero();
        }
    }

    @Test
    @DisplayName("A later copy of the same snapshot lineage moves only the blocks that changed")
    void aLaterCopyOfTheSameLineageMovesOnlyTheBlocksThatChanged() throws Exception {
        Random random = new Random(3);
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(random, 20);
        try (EbsClient west = tern().ebs(ALICE, "us-west-2"); EbsClient east = tern().ebs(ALICE, "us-east-1");
             Ec2Client ec2East = tern().ec2(ALICE, "us-east-1")) {
            String s1 = Disks.snapshot(west, blocks, null, null, null);
            String first = ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s1)
                    .destinationRegion("us-east-1")).snapshotId();
            CopyCatalog.awaitSnapshot(ec2East, first, WAIT);
            assertThat(CopyCatalog.task(tern(), first)).containsEntry("mode", "FULL").containsEntry("bytes_moved",
                    20L * Disks.BLOCK);

            SortedMap<Integer, byte[]> changes = new TreeMap<>();
            changes.put(blocks.firstKey(), Disks.randomBlock(random));
            changes.put(blocks.lastKey(), Disks.randomBlock(random));
            String s2 = Disks.snapshot(west, changes, s1, null, null);
            String second = ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s2)
                    .destinationRegion("us-east-1")).snapshotId();
            CopyCatalog.awaitSnapshot(ec2East, second, WAIT);

            assertThat(CopyCatalog.task(tern(), second)).containsEntry("mode", "INCREMENTAL")
                    .containsEntry("base_snapshot_id", first).containsEntry("bytes_moved", 2L * Disks.BLOCK);
            SortedMap<Integer, byte[]> expected = new TreeMap<>(blocks);
            expected.putAll(changes);
            Disks.assertSameBlocks(Disks.read(east, second), expected);
            Disks.assertSameBlocks(Disks.read(east, first), blocks);
        }
    }

    @Test
    @DisplayName("A copy within a Region under the same key shares the stored blocks")
    void aSameRegionCopyUnderTheSameKeySharesTheStoredBlocks() throws Exception {
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(new Random(4), 3);
        try (EbsClient east = tern().ebs(ALICE, "us-east-1"); Ec2Client ec2 = tern().ec2(ALICE, "us-east-1")) {
            String s = Disks.snapshot(east, blocks, null, null, null);
            String copy = ec2.copySnapshot(r -> r.sourceRegion("us-east-1").sourceSnapshotId(s)
                    .destinationRegion("us-east-1")).snapshotId();
            CopyCatalog.awaitSnapshot(ec2, copy, WAIT);
            assertThat(CopyCatalog.task(tern(), copy)).containsEntry("mode", "SHARE").containsEntry("bytes_moved", 0L);
            assertThat(CopyCatalog.sharedObjects(tern(), s, copy)).isEqualTo(3);
            Disks.assertSameBlocks(Disks.read(east, copy), blocks);
        }
    }

    @Test
    @DisplayName("Stop a pending AMI copy by deregistering it: the copy stops, its partial snapshots are "
            + "deleted, the image shows deregistered briefly, then disappears")
    void deregisteringAPendingCopyStopsItDeletesItsSnapshotsAndFreesTheirBlocks() throws Exception {
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(new Random(5), 24);
        try (EbsClient west = tern().ebs(ALICE, "us-west-2"); Ec2Client ec2West = tern().ec2(ALICE, "us-west-2");
             Ec2Client ec2Eu = tern().ec2(ALICE, "eu-west-1")) {
            String s = Disks.snapshot(west, blocks, null, null, null);
            String source = Disks.registerImage(ec2West, "slow-to-copy", s);
            String copy = ec2Eu.copyImage(r -> r.name("stopped").sourceRegion("us-west-2").sourceImageId(source))
                    .imageId();
            Image pending = ec2Eu.describeImages(r -> r.imageIds(copy)).images().get(0);
            assertThat(pending.state()).isEqualTo(ImageState.PENDING);
            String dest = pending.blockDeviceMappings().get(0).ebs().snapshotId();
            String progress = CopyCatalog.awaitProgress(ec2Eu, dest, WAIT);
            assertThat(progress).isNotEqualTo("0%").isNotEqualTo("100%");

            ec2Eu.deregisterImage(r -> r.imageId(copy));
            long stopped = System.nanoTime();
            assertThat(ec2Eu.describeImages(r -> r.imageIds(copy)).images().get(0).state())
                    .isEqualTo(ImageState.DEREGISTERED);
            assertThatThrownBy(() -> ec2Eu.describeSnapshots(r -> r.snapshotIds(dest)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("InvalidSnapshot.NotFound"));
            assertThat(CopyCatalog.task(tern(), dest)).containsEntry("state", "CANCELLED");
            Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - stopped) / 1_000_000));
            assertThat(CopyCatalog.blocksOf(tern(), dest)).isZero();
            long movedAtStop = (Long) CopyCatalog.task(tern(), dest).get("bytes_moved");
            Thread.sleep(500);
            assertThat(CopyCatalog.task(tern(), dest)).containsEntry("bytes_moved", movedAtStop);
            Thread.sleep(2500);
            assertThat(ec2Eu.describeImages(r -> r.owners("self").filters(f -> f.name("image-id").values(copy)))
                    .images()).isEmpty();
        }
    }

    @Test
    @DisplayName("Deleting the pending destination of a CopySnapshot stops that copy")
    void deletingThePendingDestinationOfACopySnapshotStopsThatCopy() throws Exception {
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(new Random(8), 24);
        try (EbsClient west = tern().ebs(ALICE, "us-west-2"); Ec2Client ec2Eu = tern().ec2(ALICE, "eu-west-1")) {
            String s = Disks.snapshot(west, blocks, null, null, null);
            String copy = ec2Eu.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s)
                    .destinationRegion("eu-west-1")).snapshotId();
            assertThat(CopyCatalog.awaitProgress(ec2Eu, copy, WAIT)).isNotEqualTo("100%");
            ec2Eu.deleteSnapshot(r -> r.snapshotId(copy));
            assertThat(CopyCatalog.task(tern(), copy)).containsEntry("state", "CANCELLED");
            long moved = (Long) CopyCatalog.task(tern(), copy).get("bytes_moved");
            Thread.sleep(1000);
            assertThat(CopyCatalog.task(tern(), copy)).containsEntry("bytes_moved", moved);
            assertThat(CopyCatalog.blocksOf(tern(), copy)).isZero();
        }
    }

    @Test
    @DisplayName("Snapshots copied to an Outpost are encrypted by default with the Region's default key: "
            + "Outposts do not support unencrypted snapshots")
    void aCopyToAnOutpostOfTheRegionIsAlwaysEncrypted() throws Exception {
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(new Random(6), 3);
        try (EbsClient east = tern().ebs(ALICE, "us-east-1"); Ec2Client ec2 = tern().ec2(ALICE, "us-east-1")) {
            String s = Disks.snapshot(east, blocks, null, null, null);
            String source = Disks.registerImage(ec2, "to-the-outpost", s);
            String copy = ec2.copyImage(r -> r.name("on-the-outpost").sourceRegion("us-east-1").sourceImageId(source)
                    .destinationOutpostArn(TernTestServer.OUTPOST_ARN)).imageId();
            Image image = Disks.awaitImage(ec2, copy, WAIT);
            assertThat(image.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(image.blockDeviceMappings().get(0).ebs().outpostArn()).isEqualTo(TernTestServer.OUTPOST_ARN);
            String dest = image.blockDeviceMappings().get(0).ebs().snapshotId();
            Snapshot snapshot = ec2.describeSnapshots(r -> r.snapshotIds(dest)).snapshots().get(0);
            assertThat(snapshot.encrypted()).isTrue();
            assertThat(snapshot.outpostArn()).isEqualTo(TernTestServer.OUTPOST_ARN);
            assertThat(CopyCatalog.task(tern(), dest)).containsEntry("mode", "FULL");
            Disks.assertSameBlocks(Disks.read(east, dest), blocks);
        }
    }

    @Test
    @DisplayName("The KMS key is authenticated asynchronously: a key that does not exist still gets an "
            + "ImageId, then the image goes to failed and its snapshots to error")
    void aKeyThatCannotBeUsedStillGetsAnImageIdThenTheImageFails() throws Exception {
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(new Random(7), 2);
        try (EbsClient west = tern().ebs(ALICE, "us-west-2"); Ec2Client ec2West = tern().ec2(ALICE, "us-west-2");
             Ec2Client ec2East = tern().ec2(ALICE, "us-east-1")) {
            String source = Disks.registerImage(ec2West, "bad-key-source", Disks.snapshot(west, blocks, null, null, null));
            String copy = ec2East.copyImage(r -> r.name("bad-key").sourceRegion("us-west-2").sourceImageId(source)
                    .encrypted(true).kmsKeyId("alias/does-not-exist")).imageId();
            Image image = Disks.awaitImage(ec2East, copy, WAIT);
            assertThat(image.state()).isEqualTo(ImageState.FAILED);
            assertThat(image.stateReason().code()).isEqualTo("Client.InvalidKMSKey.NotFound");
            String dest = image.blockDeviceMappings().get(0).ebs().snapshotId();
            Snapshot snapshot = ec2East.describeSnapshots(r -> r.snapshotIds(dest)).snapshots().get(0);
            assertThat(snapshot.stateAsString()).isEqualTo("error");
            assertThat(snapshot.stateMessage()).isEqualTo("Given key ID is not accessible");
            assertThat(CopyCatalog.blocksOf(tern(), dest)).isZero();
        }
    }
}
