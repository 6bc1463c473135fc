package dev.tern.images;

import static dev.tern.images.DescribeImagesTest.describe;
import static dev.tern.images.DescribeImagesTest.filter;
import static dev.tern.images.DescribeImagesTest.makePublic;
import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageResponse;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.SnapshotReturnCodes;

/** DeregisterImage: the image shows as deregistered for a short while, then disappears; its name is free at once. */
class DeregisterImageTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void aDeregisteredImageShowsBrieflyThenDisappearsAndItsNameIsFreeAtOnce(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir, 1)) {
            String id = t.registerImage(OWNER, "short lived");
            DeregisterImageResponse r = deregister(t, OWNER, id, false);
            assertThat(r.returnValue()).isTrue();
            assertThat(r.deleteSnapshotResults()).isEmpty();

            Image shown = describe(t, OWNER, DescribeImagesRequest.builder().imageIds(id).build()).images().get(0);
            assertThat(shown.stateAsString()).isEqualTo("deregistered");
            assertThat(DescribeImagesTest.ids(t, OWNER, filter("state", "deregistered"))).containsExactly(id);
            String again = t.registerImage(OWNER, "short lived");
            assertThat(again).isNotEqualTo(id);

            t.clock.advance(Duration.ofMillis(1001));
            assertThat(DescribeImagesTest.ids(t, OWNER)).containsExactly(again);
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> describe(t, OWNER, DescribeImagesRequest.builder().imageIds(id).build()));
            // A later deregistration purges rows past the window; the result is the same.
            deregister(t, OWNER, again, false);
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> describe(t, OWNER, DescribeImagesRequest.builder().imageIds(id).build()));
        }
    }

    @BothCatalogs
    void withNoVisibleWindowTheImageIsGoneAtOnce(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir, 0)) {
            String id = t.registerImage(OWNER, "gone");
            deregister(t, OWNER, id, false);
            assertThat(DescribeImagesTest.ids(t, OWNER)).isEmpty();
        }
    }

    @BothCatalogs
    void aDeregisteredImageCannotBeDeregisteredOrTaggedAgain(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "once");
            deregister(t, OWNER, id, false);
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> deregister(t, OWNER, id, false));
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> ImageSharingTest.tag(t, OWNER, id, "k", "v"));
        }
    }

    @BothCatalogs
    void onlyTheOwnerDeregisters(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "mine");
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> deregister(t, OTHER, id, false));
            makePublic(t, OWNER, id);
            assertError(ErrorCode.AuthFailure, () -> deregister(t, OTHER, id, false))
                    .hasMessage("Not authorized for image:" + id);
            assertError(ErrorCode.InvalidAMIID_Malformed, () -> deregister(t, OWNER, "ami-1", false));
            assertThat(DescribeImagesTest.ids(t, OWNER)).containsExactly(id);
        }
    }

    @BothCatalogs
    void deleteAssociatedSnapshotsSkipsSnapshotsAnotherImageUses(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String shared = t.snapshot(OWNER, 8);
            String own = t.snapshot(OWNER, 8);
            String id = t.services.images().registerImage(t.as(OWNER), TernFixture.registerRequest("two disks", shared)
                    .blockDeviceMappings(
                            BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(e -> e.snapshotId(shared)).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/xvdb").ebs(e -> e.snapshotId(own)).build())
                    .build()).imageId();
            t.registerImage(OWNER, "also uses it", shared);

            DeregisterImageResponse r = deregister(t, OWNER, id, true);
            assertThat(r.deleteSnapshotResults()).extracting(d -> d.snapshotId() + "=" + d.returnCode())
                    .containsExactly(shared + "=" + SnapshotReturnCodes.SKIPPED, own + "=" + SnapshotReturnCodes.SUCCESS);
            assertThat(t.services.snapshots().describeSnapshots(t.as(OWNER), DescribeSnapshotsRequest.builder().build())
                    .snapshots()).extracting(s -> s.snapshotId()).containsExactly(shared);
        }
    }

    @BothCatalogs
    void aSnapshotInUseByAnImageCannotBeDeletedUntilTheImageIsDeregistered(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            String id = t.registerImage(OWNER, "user", snap);
            assertError(ErrorCode.InvalidSnapshot_InUse, () -> t.services.snapshots().deleteSnapshot(t.as(OWNER),
                    DeleteSnapshotRequest.builder().snapshotId(snap).build()))
                    .hasMessage("The snapshot " + snap + " is currently in use by " + id);
            deregister(t, OWNER, id, false);
            t.services.snapshots().deleteSnapshot(t.as(OWNER), DeleteSnapshotRequest.builder().snapshotId(snap).build());
            assertThat(t.services.snapshots().describeSnapshots(t.as(OWNER), DescribeSnapshotsRequest.builder().build())
                    .snapshots()).isEmpty();
        }
    }

    static DeregisterImageResponse deregister(TernFixture t, String account, String id, boolean deleteSnapshots) {
        return t.services.images().deregisterImage(t.as(account), DeregisterImageRequest.builder().imageId(id)
                .deleteAssociatedSnapshots(deleteSnapshots ? Boolean.TRUE : null).build());
    }
}
