package dev.tern.server.ec2;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.account.CallContext;
import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import dev.tern.testing.SnapshotData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeregisterImageResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.SnapshotReturnCodes;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** Images, snapshots and tags over HTTP, through the AWS SDK for Java v2 and raw signed Query requests. */
class ImagesEndToEndTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    // Snapshots have no public create call until the EBS direct API lands; the service layer makes them.
    private static String snapshot(String account, int sizeGiB) {
        var services = tern.app().services();
        CallContext ctx = new CallContext(services.accounts().byId(account), services.regions().get("us-east-1"), "test");
        return SnapshotData.write(services, ctx, sizeGiB, "e2e");
    }

    private static String register(Ec2Client ec2, String name, String snapshotId) {
        return ec2.registerImage(b -> b.name(name).rootDeviceName("/dev/xvda").architecture("x86_64")
                .virtualizationType("hvm")
                .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshotId)))
                .tagSpecifications(s -> s.resourceType("image").tags(Tag.builder().key("stage").value("test").build())))
                .imageId();
    }

    @Test
    void registerDescribeShareAndDeregisterThroughTheSdk() {
        try (Ec2Client alice = tern.ec2(ALICE); Ec2Client bob = tern.ec2(BOB)) {
            String snap = snapshot(ALICE, 8);
            String id = register(alice, "e2e-web-1", snap);

            Image image = alice.describeImages(b -> b.filters(f -> f.name("name").values("e2e-web-*"))).images().get(0);
            assertThat(image.imageId()).isEqualTo(id);
            assertThat(image.stateAsString()).isEqualTo("available");
            assertThat(image.ownerId()).isEqualTo(ALICE);
            assertThat(image.imageOwnerAlias()).isEqualTo("alice");
            assertThat(image.architectureAsString()).isEqualTo("x86_64");
            assertThat(image.publicLaunchPermissions()).isFalse();
            assertThat(image.tags()).containsExactly(Tag.builder().key("stage").value("test").build());
            assertThat(image.blockDeviceMappings().get(0).ebs().snapshotId()).isEqualTo(snap);
            assertThat(image.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(8);

            assertThat(bob.describeImages(b -> b.owners(ALICE).filters(f -> f.name("name").values("e2e-web-*"))).images()).isEmpty();
            alice.modifyImageAttribute(b -> b.imageId(id)
                    .launchPermission(p -> p.add(LaunchPermission.builder().userId(BOB).build())));
            assertThat(alice.describeImageAttribute(b -> b.imageId(id).attribute("launchPermission")).launchPermissions())
                    .extracting(LaunchPermission::userId).containsExactly(BOB);
            Image shared = bob.describeImages(b -> b.executableUsers("self").filters(f -> f.name("name").values("e2e-web-*")))
                    .images().get(0);
            assertThat(shared.imageId()).isEqualTo(id);
            assertThat(shared.tags()).isEmpty();

            DeregisterImageResponse gone = alice.deregisterImage(b -> b.imageId(id).deleteAssociatedSnapshots(true));
            assertThat(gone.returnValue()).isTrue();
            assertThat(gone.deleteSnapshotResults()).singleElement().satisfies(r -> {
                assertThat(r.snapshotId()).isEqualTo(snap);
                assertThat(r.returnCode()).isEqualTo(SnapshotReturnCodes.SUCCESS);
            });
            assertThat(alice.describeImages(b -> b.imageIds(id)).images().get(0).stateAsString()).isEqualTo("deregistered");
            assertThat(alice.describeSnapshots(b -> b.ownerIds("self")).snapshots())
                    .noneMatch(s -> s.snapshotId().equals(snap));
        }
    }

    @Test
    void errorsArriveWithTheirEc2Codes() {
        try (Ec2Client alice = tern.ec2(ALICE)) {
            String snap = snapshot(ALICE, 8);
            String id = register(alice, "e2e-duplicate", snap);
            assertError(() -> register(alice, "e2e-duplicate", snap), "InvalidAMIName.Duplicate",
                    "AMI name e2e-duplicate is already in use by AMI " + id);
            assertError(() -> alice.describeImages(b -> b.imageIds("ami-0123456789abcdef0")), "InvalidAMIID.NotFound",
                    "The image id '[ami-0123456789abcdef0]' does not exist");
            assertError(() -> alice.deleteSnapshot(b -> b.snapshotId(snap)), "InvalidSnapshot.InUse",
                    "The snapshot " + snap + " is currently in use by " + id);
            assertError(() -> alice.createTags(b -> b.resources("i-0123456789abcdef0").tags(t -> t.key("k").value("v"))),
                    "InvalidID", "The ID 'i-0123456789abcdef0' is not valid");
            assertError(() -> alice.describeSnapshots(b -> b.maxResults(3)), "InvalidParameterValue", null);
        }
    }

    @Test
    void thePaginatorWalksEveryPage() {
        try (Ec2Client alice = tern.ec2(ALICE)) {
            String snap = snapshot(ALICE, 8);
            for (int i = 0; i < 7; i++) {
                register(alice, "e2e-paged-" + i, snap);
            }
            List<String> names = alice.describeImagesPaginator(b -> b.maxResults(5)
                            .filters(f -> f.name("name").values("e2e-paged-*")))
                    .images().stream().map(Image::name).sorted().toList();
            assertThat(names).hasSize(7).first().isEqualTo("e2e-paged-0");
        }
    }

    @Test
    void tagsAndSnapshotSharingThroughTheSdk() {
        try (Ec2Client alice = tern.ec2(ALICE); Ec2Client bob = tern.ec2(BOB)) {
            String snap = snapshot(ALICE, 4);
            alice.createTags(b -> b.resources(snap).tags(t -> t.key("team").value("storage"), t -> t.key("empty").value("")));
            List<TagDescription> tags = alice.describeTags(b -> b.filters(f -> f.name("resource-id").values(snap))).tags();
            assertThat(tags).extracting(t -> t.key() + "=" + t.value()).containsExactlyInAnyOrder("team=storage", "empty=");
            assertThat(tags).allMatch(t -> t.resourceTypeAsString().equals("snapshot"));

            alice.modifySnapshotAttribute(b -> b.snapshotId(snap).attribute("createVolumePermission")
                    .operationType("add").userIds(BOB));
            assertThat(bob.describeSnapshots(b -> b.snapshotIds(snap)).snapshots().get(0).volumeSize()).isEqualTo(4);
            assertThat(alice.describeSnapshotAttribute(b -> b.snapshotId(snap).attribute("createVolumePermission"))
                    .createVolumePermissions()).extracting(p -> p.userId()).containsExactly(BOB);
            alice.resetSnapshotAttribute(b -> b.snapshotId(snap).attribute("createVolumePermission"));
            assertError(() -> bob.describeSnapshots(b -> b.snapshotIds(snap)), "InvalidSnapshot.NotFound", null);

            alice.deleteTags(b -> b.resources(snap).tags(t -> t.key("team")));
            assertThat(alice.describeTags(b -> b.filters(f -> f.name("resource-id").values(snap))).tags())
                    .extracting(TagDescription::key).containsExactly("empty");
        }
    }

    @Test
    void theFlatQueryFormOfModifyImageAttributeWorks() throws Exception {
        try (Ec2Client alice = tern.ec2(ALICE); Ec2Client bob = tern.ec2(BOB)) {
            String id = register(alice, "e2e-flat-form", snapshot(ALICE, 8));
            RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
            raw.post("Action=ModifyImageAttribute&Version=2016-11-15&ImageId=" + id
                    + "&Attribute=launchPermission&OperationType=add&UserGroup.1=all").expectStatus(200);
            assertThat(bob.describeImages(b -> b.imageIds(id)).images().get(0).publicLaunchPermissions()).isTrue();
            raw.post("Action=ModifyImageAttribute&Version=2016-11-15&ImageId=" + id
                    + "&Attribute=description&Value=flat%20form").expectStatus(200);
            assertThat(alice.describeImageAttribute(b -> b.imageId(id).attribute("description")).description().value())
                    .isEqualTo("flat form");
            raw.post("Action=ModifyImageAttribute&Version=2016-11-15&ImageId=" + id
                    + "&Attribute=launchPermission&OperationType=add&UserId.1=123").expectError(400, "InvalidUserID.Malformed");

            // DeleteTags: an empty Value deletes only an empty-valued tag; no Value deletes whatever the value.
            alice.createTags(b -> b.resources(id).tags(t -> t.key("a").value("x"), t -> t.key("b").value("")));
            raw.post("Action=DeleteTags&Version=2016-11-15&ResourceId.1=" + id + "&Tag.1.Key=a&Tag.1.Value=").expectStatus(200);
            raw.post("Action=DeleteTags&Version=2016-11-15&ResourceId.1=" + id + "&Tag.1.Key=b&Tag.1.Value=").expectStatus(200);
            assertThat(alice.describeTags(b -> b.filters(f -> f.name("resource-id").values(id))).tags())
                    .extracting(TagDescription::key).containsExactlyInAnyOrder("a", "stage");
            raw.post("Action=DeleteTags&Version=2016-11-15&ResourceId.1=" + id + "&Tag.1.Key=a").expectStatus(200);
            assertThat(alice.describeTags(b -> b.filters(f -> f.name("resource-id").values(id))).tags())
                    .extracting(TagDescription::key).containsExactly("stage");
        }
    }

    private static void assertError(Runnable call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }
}
