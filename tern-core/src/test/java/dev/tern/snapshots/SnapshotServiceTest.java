package dev.tern.snapshots;

import static dev.tern.testing.TernFixture.AMAZON;
import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.SnapshotData;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResetSnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/** DescribeSnapshots, DeleteSnapshot and the snapshot attributes. */
class SnapshotServiceTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void aCreatedSnapshotIsCompleteAndDescribedAsEc2Does(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.snapshot(OWNER, 8);
            assertThat(id).matches("snap-[0-9a-f]{17}");
            Snapshot s = describe(t, OWNER, DescribeSnapshotsRequest.builder().snapshotIds(id).build()).snapshots().get(0);
            assertThat(s.stateAsString()).isEqualTo("completed");
            assertThat(s.progress()).isEqualTo("100%");
            assertThat(s.ownerId()).isEqualTo(OWNER);
            assertThat(s.volumeId()).isEqualTo("vol-ffffffff");
            assertThat(s.volumeSize()).isEqualTo(8);
            assertThat(s.encrypted()).isFalse();
            assertThat(s.storageTierAsString()).isEqualTo("standard");
            assertThat(s.description()).isEqualTo("test snapshot");
            assertThat(s.startTime()).isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
        }
    }

    @BothCatalogs
    void eachFilterSelectsTheSnapshotsItNames(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String small = t.snapshot(OWNER, 8);
            String big = SnapshotData.write(t.services, t.as(OWNER), 100, "database volume");
            t.services.tags().createTags(t.as(OWNER), CreateTagsRequest.builder().resources(big)
                    .tags(Tag.builder().key("tier").value("db").build()).build());

            assertThat(ids(t, OWNER, filter("description", "database*"))).containsExactly(big);
            assertThat(ids(t, OWNER, filter("encrypted", "false"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("encrypted", "true"))).isEmpty();
            assertThat(ids(t, OWNER, filter("owner-id", OWNER))).hasSize(2);
            assertThat(ids(t, OWNER, filter("owner-alias", "amazon"))).isEmpty();
            assertThat(ids(t, OWNER, filter("progress", "100%"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("snapshot-id", small))).containsExactly(small);
            assertThat(ids(t, OWNER, filter("start-time", "2025-01-15*"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("status", "completed"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("status", "pending"))).isEmpty();
            assertThat(ids(t, OWNER, filter("storage-tier", "standard"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("tag:tier", "db"))).containsExactly(big);
            assertThat(ids(t, OWNER, filter("tag-key", "tier"))).containsExactly(big);
            assertThat(ids(t, OWNER, filter("tag-value", "d?"))).containsExactly(big);
            assertThat(ids(t, OWNER, filter("volume-id", "vol-ffffffff"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("volume-size", "100"))).containsExactly(big);
            assertThat(ids(t, OWNER, filter("transfer-type", "standard"))).isEmpty();
            assertError(ErrorCode.InvalidParameterValue, () -> ids(t, OWNER, filter("size", "8")));
        }
    }

    @BothCatalogs
    void visibilityIsOwnPublicAndSharedAndOwnersAndRestorableByNarrowIt(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String mine = t.snapshot(OWNER, 8);
            String sharedWithMe = t.snapshot(OTHER, 8);
            String hidden = t.snapshot(OTHER, 8);
            String publicOne = t.snapshot(AMAZON, 8);
            share(t, OTHER, sharedWithMe, CreateVolumePermission.builder().userId(OWNER).build());
            share(t, AMAZON, publicOne, CreateVolumePermission.builder().group("all").build());

            assertThat(ids(t, OWNER)).containsExactlyInAnyOrder(mine, sharedWithMe, publicOne);
            assertThat(ids(t, OTHER)).containsExactlyInAnyOrder(sharedWithMe, hidden, publicOne);
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> describe(t, OWNER,
                    DescribeSnapshotsRequest.builder().snapshotIds(hidden).build()))
                    .hasMessage("The snapshot '" + hidden + "' does not exist.");
            assertError(ErrorCode.InvalidSnapshot_Malformed, () -> describe(t, OWNER,
                    DescribeSnapshotsRequest.builder().snapshotIds("snap-?").build()));

            assertThat(owners(t, OWNER, "self")).containsExactly(mine);
            assertThat(owners(t, OWNER, "amazon")).containsExactly(publicOne);
            assertThat(owners(t, OWNER, OTHER)).containsExactly(sharedWithMe);
            assertThat(owners(t, OWNER, "aws-backup-vault")).isEmpty();
            assertThat(restorableBy(t, OWNER, "self")).containsExactlyInAnyOrder(mine, sharedWithMe);
            assertThat(restorableBy(t, OWNER, "all")).containsExactly(publicOne);
            assertThat(restorableBy(t, OTHER, OWNER)).containsExactly(sharedWithMe);
            assertThat(describe(t, OWNER, DescribeSnapshotsRequest.builder().snapshotIds(publicOne).build())
                    .snapshots().get(0).ownerAlias()).isEqualTo("amazon");
            assertThat(t.services.snapshots().describeSnapshots(t.as(OWNER, "eu-west-1"),
                    DescribeSnapshotsRequest.builder().build()).snapshots()).isEmpty();
        }
    }

    @BothCatalogs
    void pagesFollowSnapshotIdOrder(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                all.add(t.snapshot(OWNER, 1 + i));
            }
            all.sort(null);
            DescribeSnapshotsResponse first = describe(t, OWNER, DescribeSnapshotsRequest.builder().maxResults(5).build());
            DescribeSnapshotsResponse second = describe(t, OWNER, DescribeSnapshotsRequest.builder().maxResults(5)
                    .nextToken(first.nextToken()).build());
            assertThat(first.snapshots()).extracting(Snapshot::snapshotId).isEqualTo(all.subList(0, 5));
            assertThat(second.snapshots()).extracting(Snapshot::snapshotId).isEqualTo(all.subList(5, 7));
            assertThat(second.nextToken()).isNull();
            assertError(ErrorCode.InvalidParameterValue, () -> describe(t, OWNER, DescribeSnapshotsRequest.builder().maxResults(2).build()));
            assertError(ErrorCode.InvalidNextToken, () -> describe(t, OWNER, DescribeSnapshotsRequest.builder().nextToken("zzz").build()));
            assertError(ErrorCode.InvalidParameterCombination, () -> describe(t, OWNER,
                    DescribeSnapshotsRequest.builder().snapshotIds(all.get(0)).maxResults(5).build()));
        }
    }

    @BothCatalogs
    void onlyTheOwnerDeletesASnapshotAndItsTagsGoWithIt(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.snapshot(OWNER, 8);
            t.services.tags().createTags(t.as(OWNER), CreateTagsRequest.builder().resources(id)
                    .tags(Tag.builder().key("k").value("v").build()).build());
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> delete(t, OTHER, id));
            share(t, OWNER, id, CreateVolumePermission.builder().userId(OTHER).build());
            assertError(ErrorCode.AuthFailure, () -> delete(t, OTHER, id));
            assertError(ErrorCode.InvalidSnapshot_Malformed, () -> delete(t, OWNER, "vol-0123456789abcdef0"));
            delete(t, OWNER, id);
            assertThat(ids(t, OWNER)).isEmpty();
            assertThat(t.services.tags().describeTags(t.as(OWNER), DescribeTagsRequest.builder().build()).tags()).isEmpty();
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> delete(t, OWNER, id));
        }
    }

    @BothCatalogs
    void createVolumePermissionIsManagedThroughBothWireFormsAndReset(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.snapshot(OWNER, 8);
            t.services.snapshots().modifySnapshotAttribute(t.as(OWNER), ModifySnapshotAttributeRequest.builder()
                    .snapshotId(id).attribute("createVolumePermission").operationType("add").userIds(OTHER).build());
            share(t, OWNER, id, CreateVolumePermission.builder().group("all").build());
            assertThat(permissions(t, OWNER, id)).containsExactlyInAnyOrder(
                    CreateVolumePermission.builder().userId(OTHER).build(), CreateVolumePermission.builder().group("all").build());
            assertError(ErrorCode.AuthFailure, () -> permissions(t, OTHER, id));
            assertThat(t.services.snapshots().describeSnapshotAttribute(t.as(OTHER), DescribeSnapshotAttributeRequest.builder()
                    .snapshotId(id).attribute("productCodes").build()).productCodes()).isEmpty();

            t.services.snapshots().modifySnapshotAttribute(t.as(OWNER), ModifySnapshotAttributeRequest.builder()
                    .snapshotId(id).createVolumePermission(p -> p.remove(CreateVolumePermission.builder().group("all").build())).build());
            assertThat(permissions(t, OWNER, id)).containsExactly(CreateVolumePermission.builder().userId(OTHER).build());

            t.services.snapshots().resetSnapshotAttribute(t.as(OWNER), ResetSnapshotAttributeRequest.builder()
                    .snapshotId(id).attribute("createVolumePermission").build());
            assertThat(permissions(t, OWNER, id)).isEmpty();
            assertThat(ids(t, OTHER)).isEmpty();
        }
    }

    @BothCatalogs
    void badAttributeRequestsAreRefusedAndChangeNothing(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.snapshot(OWNER, 8);
            assertError(ErrorCode.InvalidUserID_Malformed, () -> share(t, OWNER, id, CreateVolumePermission.builder().userId("abc").build()));
            assertError(ErrorCode.InvalidParameterValue, () -> share(t, OWNER, id, CreateVolumePermission.builder().group("friends").build()));
            assertError(ErrorCode.InvalidParameterCombination, () -> t.services.snapshots().modifySnapshotAttribute(t.as(OWNER),
                    ModifySnapshotAttributeRequest.builder().snapshotId(id).createVolumePermission(p -> p
                            .add(CreateVolumePermission.builder().userId(OTHER).build())
                            .remove(CreateVolumePermission.builder().userId(AMAZON).build())).build()));
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.snapshots().modifySnapshotAttribute(t.as(OWNER),
                    ModifySnapshotAttributeRequest.builder().snapshotId(id).attribute("productCodes")
                            .operationType("add").userIds(OTHER).build()));
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.snapshots().describeSnapshotAttribute(t.as(OWNER),
                    DescribeSnapshotAttributeRequest.builder().snapshotId(id).attribute("colour").build()));
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> t.services.snapshots().resetSnapshotAttribute(t.as(OTHER),
                    ResetSnapshotAttributeRequest.builder().snapshotId(id).attribute("createVolumePermission").build()));
            assertThat(permissions(t, OWNER, id)).isEmpty();
        }
    }

    static DescribeSnapshotsResponse describe(TernFixture t, String account, DescribeSnapshotsRequest request) {
        return t.services.snapshots().describeSnapshots(t.as(account), request);
    }

    static List<String> ids(TernFixture t, String account, Filter... filters) {
        return describe(t, account, DescribeSnapshotsRequest.builder().filters(filters).build())
                .snapshots().stream().map(Snapshot::snapshotId).toList();
    }

    static List<String> owners(TernFixture t, String account, String... owners) {
        return describe(t, account, DescribeSnapshotsRequest.builder().ownerIds(owners).build())
                .snapshots().stream().map(Snapshot::snapshotId).toList();
    }

    static List<String> restorableBy(TernFixture t, String account, String... users) {
        return describe(t, account, DescribeSnapshotsRequest.builder().restorableByUserIds(users).build())
                .snapshots().stream().map(Snapshot::snapshotId).toList();
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static void share(TernFixture t, String owner, String id, CreateVolumePermission grant) {
        t.services.snapshots().modifySnapshotAttribute(t.as(owner), ModifySnapshotAttributeRequest.builder()
                .snapshotId(id).createVolumePermission(p -> p.add(grant)).build());
    }

    static void delete(TernFixture t, String account, String id) {
        t.services.snapshots().deleteSnapshot(t.as(account), DeleteSnapshotRequest.builder().snapshotId(id).build());
    }

    static List<CreateVolumePermission> permissions(TernFixture t, String account, String id) {
        return t.services.snapshots().describeSnapshotAttribute(t.as(account), DescribeSnapshotAttributeRequest.builder()
                .snapshotId(id).attribute("createVolumePermission").build()).createVolumePermissions();
    }
}
