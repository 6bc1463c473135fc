package dev.tern.server.copy;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.config.TernConfig;
import dev.tern.config.TernConfig.LocalZoneConfig;
import dev.tern.config.TernConfig.OutpostConfig;
import dev.tern.config.TernConfig.RegionConfig;
import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * The rules of CopyImage and CopySnapshot beyond moving blocks (docs/copying.md), through the AWS SDK for Java v2:
 * what DescribeImages and DescribeSnapshots filter a copy by, DryRun, Local Zones, and CopySnapshot's PresignedUrl.
 * us-west-2 has two Local Zones; copies into us-west-2-phx-2a are always encrypted.
 */
class CopyRulesTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String LAX = "us-west-2-lax-1a";
    static final String LAX_ID = "usw2-lax1-az1";
    static final String PHX = "us-west-2-phx-2a";
    static final String PHX_ID = "usw2-phx2-az1";

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(CopyRulesTest::withLocalZones);

    static TernConfig withLocalZones(TernConfig config) {
        return config.withRegions(List.of(
                new RegionConfig("us-east-1", null, null, List.of(new OutpostConfig(TernTestServer.OUTPOST_ARN))),
                new RegionConfig("us-west-2", null, null, List.of(), List.of(
                        new LocalZoneConfig(LAX, LAX_ID, null), new LocalZoneConfig(PHX, PHX_ID, true))),
                new RegionConfig("eu-west-1", null, false, List.of())));
    }

    private final Random random = new Random(12);

    // --- What a copy shows: the DescribeImages and DescribeSnapshots filters ---

    @Test
    @DisplayName("DescribeImages filters copies by source-image-id, source-image-region, state, "
            + "state-reason-code and state-reason-message")
    void describeImagesFiltersCopiesBySourceImageIdSourceImageRegionStateAndStateReason() throws Exception {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2West = tern.ec2(ALICE, "us-west-2");
             Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String source = Disks.registerImage(ec2West, "filtered-source",
                    Disks.snapshot(west, Disks.randomBlocks(random, 2), null, null, null));
            String good = ec2East.copyImage(r -> r.name("filtered-good").sourceRegion("us-west-2").sourceImageId(source))
                    .imageId();
            String bad = ec2East.copyImage(r -> r.name("filtered-bad").sourceRegion("us-west-2").sourceImageId(source)
                    .encrypted(true).kmsKeyId("alias/no-such-key")).imageId();
            assertThat(Disks.awaitImage(ec2East, good, WAIT).state()).isEqualTo(ImageState.AVAILABLE);
            Image failed = Disks.awaitImage(ec2East, bad, WAIT);
            assertThat(failed.state()).isEqualTo(ImageState.FAILED);

            assertThat(imageIds(ec2East, filter("source-image-id", source))).containsExactlyInAnyOrder(good, bad);
            assertThat(imageIds(ec2East, filter("source-image-id", "ami-00000000000000000"))).isEmpty();
            assertThat(imageIds(ec2East, filter("source-image-region", "us-west-2"))).contains(good, bad);
            assertThat(imageIds(ec2East, filter("source-image-region", "eu-*"))).doesNotContain(good, bad);
            assertThat(imageIds(ec2East, filter("source-image-id", source), filter("state", "failed")))
                    .containsExactly(bad);
            assertThat(imageIds(ec2East, filter("source-image-id", source), filter("state", "available")))
                    .containsExactly(good);
            assertThat(imageIds(ec2East, filter("state-reason-code", "Client.InvalidKMSKey.NotFound"))).contains(bad)
                    .doesNotContain(good);
            String message = failed.stateReason().message();
            assertThat(message).isNotBlank();
            assertThat(imageIds(ec2East, filter("state-reason-message", message))).containsExactly(bad);
            assertThat(imageIds(ec2East, filter("state-reason-message", "*no-such-key*"))).containsExactly(bad);
        }
    }

    @Test
    @DisplayName("DescribeImages understands every image filter of the current EC2 model that Tern can answer: "
            + "source-instance-id (no image comes from an instance here) and product-code.type")
    void describeImagesUnderstandsSourceInstanceIdAndProductCodeType() {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2West = tern.ec2(ALICE, "us-west-2")) {
            String image = Disks.registerImage(ec2West, "filters-of-the-model",
                    Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null));
            assertThat(imageIds(ec2West)).contains(image);
            assertThat(imageIds(ec2West, filter("source-instance-id", "i-*"))).isEmpty();
            assertThat(imageIds(ec2West, filter("product-code.type", "marketplace", "devpay"))).doesNotContain(image);
            assertError(() -> imageIds(ec2West, filter("source-instance", "i-*")), "InvalidParameterValue", 400);
        }
    }

    @Test
    @DisplayName("DescribeSnapshots filters copies by transfer-type")
    void describeSnapshotsFiltersCopiesByTransferType() throws Exception {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String s = Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null);
            String standard = ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s)
                    .destinationRegion("us-east-1")).snapshotId();
            String timed = ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s)
                    .completionDurationMinutes(15).destinationRegion("us-east-1")).snapshotId();
            assertThat(snapshotIds(ec2East, filter("transfer-type", "time-based"))).contains(timed)
                    .doesNotContain(standard);
            assertThat(snapshotIds(ec2East, filter("transfer-type", "standard"))).contains(standard)
                    .doesNotContain(timed);
            assertThat(snapshotIds(ec2East, filter("transfer-type", "time-*"))).contains(timed);
            CopyCatalog.awaitSnapshot(ec2East, standard, WAIT);
            CopyCatalog.awaitSnapshot(ec2East, timed, WAIT);
        }
    }

    // --- DryRun: after every check that needs neither a key nor data, DryRunOperation and nothing recorded ---

    @Test
    @DisplayName("DryRun: if you have the required permissions, the error response is DryRunOperation "
            + "(412), and nothing is recorded")
    void dryRunOfAValidCopyIsDryRunOperationAndRecordsNothing() {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2West = tern.ec2(ALICE, "us-west-2");
             Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String s = Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null);
            String source = Disks.registerImage(ec2West, "dry-run-source", s);
            int snapshotsBefore = snapshotIds(ec2East).size();

            assertError(() -> ec2East.copyImage(r -> r.name("dry-run-copy").sourceRegion("us-west-2")
                    .sourceImageId(source).dryRun(true)), "DryRunOperation", 412);
            // The key is checked only when a copy starts, so a dry run with a key that cannot be used succeeds too.
            assertError(() -> ec2East.copyImage(r -> r.name("dry-run-copy").sourceRegion("us-west-2")
                    .sourceImageId(source).encrypted(true).kmsKeyId("alias/no-such-key").dryRun(true)),
                    "DryRunOperation", 412);
            assertError(() -> ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s)
                    .destinationRegion("us-east-1").dryRun(true)), "DryRunOperation", 412);

            assertThat(imageIds(ec2East, filter("name", "dry-run-copy"))).isEmpty();
            assertThat(snapshotIds(ec2East)).hasSize(snapshotsBefore);
        }
    }

    @Test
    @DisplayName("DryRun of a request that would be refused gets that refusal, not DryRunOperation")
    void dryRunStillRefusesARequestThatWouldFail() {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2West = tern.ec2(ALICE, "us-west-2");
             Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String source = Disks.registerImage(ec2West, "dry-run-taken",
                    Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null));
            assertError(() -> ec2East.copyImage(r -> r.name("dry-run-missing").sourceRegion("us-west-2")
                    .sourceImageId("ami-0123456789abcdef0").dryRun(true)), "InvalidAMIID.NotFound", 400);
            assertError(() -> ec2East.copyImage(r -> r.name("x").sourceRegion("us-west-2").sourceImageId(source)
                    .dryRun(true)), "InvalidAMIName.Malformed", 400);
            assertError(() -> ec2East.copyImage(r -> r.name("dry-run-region").sourceRegion("xx-nowhere-1")
                    .sourceImageId(source).dryRun(true)), "InvalidRegion", 400);
            assertError(() -> ec2West.copyImage(r -> r.name("dry-run-taken").sourceRegion("us-west-2")
                    .sourceImageId(source).dryRun(true)), "InvalidAMIName.Duplicate", 400);
            assertError(() -> ec2East.copyImage(r -> r.name("dry-run-duration").sourceRegion("us-west-2")
                    .sourceImageId(source).snapshotCopyCompletionDurationMinutes(20L).dryRun(true)),
                    "InvalidParameterValue", 400);
            assertError(() -> ec2East.copySnapshot(r -> r.sourceRegion("us-west-2")
                    .sourceSnapshotId("snap-0123456789abcdef0").destinationRegion("us-east-1").dryRun(true)),
                    "InvalidSnapshot.NotFound", 400);
        }
    }

    // --- Local Zones ---

    @Test
    @DisplayName("Local Zones are configured per Region and shown by DescribeAvailabilityZones with their "
            + "parent")
    void describeAvailabilityZonesWithAllAvailabilityZonesShowsTheLocalZonesAndTheirParent() {
        try (Ec2Client ec2West = tern.ec2(ALICE, "us-west-2"); Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            List<AvailabilityZone> zones = ec2West.describeAvailabilityZones(r -> r.allAvailabilityZones(true))
                    .availabilityZones();
            assertThat(zones).extracting(AvailabilityZone::zoneName)
                    .containsExactly("us-west-2a", "us-west-2b", "us-west-2c", LAX, PHX);
            AvailabilityZone lax = zones.stream().filter(z -> z.zoneName().equals(LAX)).findFirst().orElseThrow();
            assertThat(lax.zoneId()).isEqualTo(LAX_ID);
            assertThat(lax.zoneType()).isEqualTo("local-zone");
            assertThat(lax.regionName()).isEqualTo("us-west-2");
            assertThat(lax.parentZoneName()).isEqualTo("us-west-2a");
            assertThat(lax.groupName()).isEqualTo("us-west-2-lax-1");
            assertThat(ec2West.describeAvailabilityZones(r -> r.allAvailabilityZones(true)
                    .filters(filter("zone-type", "local-zone"))).availabilityZones())
                    .extracting(AvailabilityZone::zoneId).containsExactly(LAX_ID, PHX_ID);
            assertThat(ec2East.describeAvailabilityZones(r -> r.allAvailabilityZones(true)).availabilityZones())
                    .extracting(AvailabilityZone::zoneType).containsOnly("availability-zone");
            assertError(() -> ec2East.describeAvailabilityZones(r -> r.zoneNames(LAX)), "InvalidParameterValue", 400);
        }
    }

    @Test
    @DisplayName("Local Zones: parent Region to zone, zone to parent Region, zone to zone of the same "
            + "parent; encrypted where the zone requires it")
    void copiesGoFromTheParentRegionToALocalZoneBackToTheParentAndBetweenZonesOfOneParent() throws Exception {
        SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(random, 3);
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2 = tern.ec2(ALICE, "us-west-2")) {
            String source = Disks.registerImage(ec2, "in-the-region", Disks.snapshot(west, blocks, null, null, null));

            // Parent Region -> Local Zone, by zone name: the image and its snapshot show the zone.
            String inLax = ec2.copyImage(r -> r.name("in-lax").sourceRegion("us-west-2").sourceImageId(source)
                    .destinationAvailabilityZone(LAX)).imageId();
            Image lax = Disks.awaitImage(ec2, inLax, WAIT);
            assertThat(lax.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(lax.blockDeviceMappings().get(0).ebs().availabilityZone()).isEqualTo(LAX);
            String laxSnapshot = lax.blockDeviceMappings().get(0).ebs().snapshotId();
            Snapshot s = ec2.describeSnapshots(r -> r.snapshotIds(laxSnapshot)).snapshots().get(0);
            assertThat(s.availabilityZone()).isEqualTo(LAX);
            assertThat(s.encrypted()).as("a zone that does not require encryption keeps the snapshot clear").isFalse();
            Disks.assertSameBlocks(Disks.read(west, laxSnapshot), blocks);

            // Local Zone -> Local Zone of the same parent, by zone id: that zone requires encryption.
            String inPhx = ec2.copyImage(r -> r.name("in-phx").sourceRegion("us-west-2").sourceImageId(inLax)
                    .destinationAvailabilityZoneId(PHX_ID)).imageId();
            Image phx = Disks.awaitImage(ec2, inPhx, WAIT);
            assertThat(phx.state()).isEqualTo(ImageState.AVAILABLE);
            String phxSnapshot = phx.blockDeviceMappings().get(0).ebs().snapshotId();
            Snapshot encrypted = ec2.describeSnapshots(r -> r.snapshotIds(phxSnapshot)).snapshots().get(0);
            assertThat(encrypted.availabilityZone()).isEqualTo(PHX);
            assertThat(encrypted.encrypted()).isTrue();
            assertThat(phx.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
            Disks.assertSameBlocks(Disks.read(west, phxSnapshot), blocks);

            // Local Zone -> parent Region.
            String back = ec2.copyImage(r -> r.name("back-in-the-region").sourceRegion("us-west-2")
                    .sourceImageId(inPhx)).imageId();
            Image parent = Disks.awaitImage(ec2, back, WAIT);
            assertThat(parent.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(parent.blockDeviceMappings().get(0).ebs().availabilityZone()).isNull();
            Disks.assertSameBlocks(Disks.read(west, parent.blockDeviceMappings().get(0).ebs().snapshotId()), blocks);

            // CopySnapshot takes DestinationAvailabilityZone too.
            String snapshotInLax = ec2.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(phxSnapshot)
                    .destinationAvailabilityZone(LAX).destinationRegion("us-west-2")).snapshotId();
            Snapshot copied = CopyCatalog.awaitSnapshot(ec2, snapshotInLax, WAIT);
            assertThat(copied.stateAsString()).isEqualTo("completed");
            assertThat(copied.availabilityZone()).isEqualTo(LAX);
        }
    }

    @Test
    @DisplayName("Local Zones: every other route is refused (InvalidParameterValue), at most one of the "
            + "three destination members (InvalidParameterCombination), no time-based copy to or from a "
            + "zone")
    void everyOtherLocalZoneRouteIsRefusedAndRecordsNothing() throws Exception {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); EbsClient east = tern.ebs(ALICE, "us-east-1");
             Ec2Client ec2West = tern.ec2(ALICE, "us-west-2"); Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String westImage = Disks.registerImage(ec2West, "route-source-west",
                    Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null));
            String eastImage = Disks.registerImage(ec2East, "route-source-east",
                    Disks.snapshot(east, Disks.randomBlocks(random, 1), null, null, null));
            String inLax = ec2West.copyImage(r -> r.name("route-in-lax").sourceRegion("us-west-2")
                    .sourceImageId(westImage).destinationAvailabilityZone(LAX)).imageId();
            assertThat(Disks.awaitImage(ec2West, inLax, WAIT).state()).isEqualTo(ImageState.AVAILABLE);
            int eastBefore = imageIds(ec2East).size();
            int westBefore = imageIds(ec2West).size();

            // A zone that is not a Local Zone of the Region called.
            assertError(() -> ec2East.copyImage(r -> r.name("refused-1").sourceRegion("us-east-1")
                    .sourceImageId(eastImage).destinationAvailabilityZone(LAX)), "InvalidParameterValue", 400);
            assertError(() -> ec2West.copyImage(r -> r.name("refused-2").sourceRegion("us-west-2")
                    .sourceImageId(westImage).destinationAvailabilityZone("us-west-2-den-1a")),
                    "InvalidParameterValue", 400);
            // A zone id given as DestinationAvailabilityZone is not the zone's name.
            assertError(() -> ec2West.copyImage(r -> r.name("refused-3").sourceRegion("us-west-2")
                    .sourceImageId(westImage).destinationAvailabilityZone(LAX_ID)), "InvalidParameterValue", 400);
            // Another Region -> a Local Zone (the source must be in the zone's parent).
            assertError(() -> ec2West.copyImage(r -> r.name("refused-4").sourceRegion("us-east-1")
                    .sourceImageId(eastImage).destinationAvailabilityZone(LAX)), "InvalidParameterValue", 400);
            // Local Zone -> a Region that is not its parent.
            assertError(() -> ec2East.copyImage(r -> r.name("refused-5").sourceRegion("us-west-2")
                    .sourceImageId(inLax)), "InvalidParameterValue", 400);
            // At most one of the three destination members.
            assertError(() -> ec2West.copyImage(r -> r.name("refused-6").sourceRegion("us-west-2")
                    .sourceImageId(westImage).destinationAvailabilityZone(LAX).destinationAvailabilityZoneId(LAX_ID)),
                    "InvalidParameterCombination", 400);
            assertError(() -> ec2East.copyImage(r -> r.name("refused-7").sourceRegion("us-east-1")
                    .sourceImageId(eastImage).destinationAvailabilityZone(LAX)
                    .destinationOutpostArn(TernTestServer.OUTPOST_ARN)), "InvalidParameterCombination", 400);
            // No time-based copy to or from a Local Zone.
            assertError(() -> ec2West.copyImage(r -> r.name("refused-8").sourceRegion("us-west-2")
                    .sourceImageId(westImage).destinationAvailabilityZone(LAX)
                    .snapshotCopyCompletionDurationMinutes(15L)), "InvalidParameterCombination", 400);
            assertError(() -> ec2West.copyImage(r -> r.name("refused-9").sourceRegion("us-west-2")
                    .sourceImageId(inLax).snapshotCopyCompletionDurationMinutes(15L)),
                    "InvalidParameterCombination", 400);

            assertThat(imageIds(ec2East)).hasSize(eastBefore);
            assertThat(imageIds(ec2West)).hasSize(westBefore);
        }
    }

    // --- CopySnapshot's PresignedUrl ---

    @Test
    @DisplayName("CopySnapshot: the PresignedUrl the SDK adds is verified offline and the copy completes")
    void theSdksOwnPresignedUrlIsVerifiedAndTheCopyCompletes() throws Exception {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String s = Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null);
            String copy = ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s)
                    .destinationRegion("us-east-1")).snapshotId();
            assertThat(CopyCatalog.awaitSnapshot(ec2East, copy, WAIT).stateAsString()).isEqualTo("completed");
        }
    }

    @Test
    @DisplayName("CopySnapshot: a forged PresignedUrl does not refuse the call; the snapshot goes to error")
    void aForgedPresignedUrlPutsTheSnapshotInError() throws Exception {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String s = Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null);
            String other = Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null);
            for (String url : List.of(presigned(s, "0".repeat(64)), presigned(other, "0".repeat(64)),
                    "https://ec2.us-west-2.amazonaws.com/?Action=CopySnapshot&SourceRegion=us-west-2&SourceSnapshotId="
                            + s)) {
                String copy = ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s)
                        .presignedUrl(url).destinationRegion("us-east-1")).snapshotId();
                Snapshot failed = CopyCatalog.awaitSnapshot(ec2East, copy, WAIT);
                assertThat(failed.stateAsString()).as(url).isEqualTo("error");
                assertThat(failed.stateMessage()).as(url).contains("presigned URL");
                assertThat(CopyCatalog.blocksOf(tern, copy)).isZero();
            }
        }
    }

    @Test
    @DisplayName("CopySnapshot: a genuinely signed PresignedUrl for a copy into another Region (DestinationRegion) "
            + "is not a URL for this copy: the snapshot goes to error")
    void aPresignedUrlForAnotherDestinationRegionPutsTheSnapshotInError() throws Exception {
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2East = tern.ec2(ALICE, "us-east-1")) {
            String s = Disks.snapshot(west, Disks.randomBlocks(random, 1), null, null, null);
            // The SDK presigns the URL itself, with the DestinationRegion it is given.
            String copy = ec2East.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(s)
                    .destinationRegion("eu-west-1")).snapshotId();
            Snapshot failed = CopyCatalog.awaitSnapshot(ec2East, copy, WAIT);
            assertThat(failed.stateAsString()).isEqualTo("error");
            assertThat(failed.stateMessage()).contains("eu-west-1").contains("us-east-1");
            assertThat(CopyCatalog.blocksOf(tern, copy)).isZero();
        }
    }

    /** A presigned CopySnapshot URL for {@code snapshotId} in Alice's name, with the given signature. */
    private static String presigned(String snapshotId, String signature) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String date = now.format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        String amzDate = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        return "https://ec2.us-west-2.amazonaws.com/?Action=CopySnapshot&Version=2016-11-15&SourceRegion=us-west-2"
                + "&SourceSnapshotId=" + snapshotId + "&DestinationRegion=us-east-1&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + TernTestServer.accessKey(ALICE) + "%2F" + date + "%2Fus-west-2%2Fec2%2Faws4_request"
                + "&X-Amz-Date=" + amzDate + "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature;
    }

    // --- helpers ---

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static List<String> imageIds(Ec2Client ec2, Filter... filters) {
        return ec2.describeImages(r -> r.owners("self").filters(filters)).images().stream().map(Image::imageId).toList();
    }

    static List<String> snapshotIds(Ec2Client ec2, Filter... filters) {
        return ec2.describeSnapshots(r -> r.ownerIds("self").filters(filters)).snapshots().stream()
                .map(Snapshot::snapshotId).toList();
    }

    static void assertError(ThrowingCallable call, String code, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.requestId()).isNotBlank();
        });
    }
}
