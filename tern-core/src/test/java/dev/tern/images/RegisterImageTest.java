package dev.tern.images;

import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static dev.tern.testing.TernFixture.registerRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.SnapshotData;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** RegisterImage of EBS-backed images, as the EC2 API reference describes it. */
class RegisterImageTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void anEbsImageFromASnapshotIsAvailableAtOnceWithTheDocumentedDefaults(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            String id = t.registerImage(OWNER, "my-ami", snap);
            assertThat(id).matches("ami-[0-9a-f]{17}");

            Image image = describeOne(t, OWNER, id);
            assertThat(image.stateAsString()).isEqualTo("available");
            assertThat(image.ownerId()).isEqualTo(OWNER);
            assertThat(image.name()).isEqualTo("my-ami");
            assertThat(image.imageLocation()).isEqualTo(OWNER + "/my-ami");
            assertThat(image.architectureAsString()).isEqualTo("i386");
            assertThat(image.virtualizationTypeAsString()).isEqualTo("paravirtual");
            assertThat(image.hypervisorAsString()).isEqualTo("xen");
            assertThat(image.imageTypeAsString()).isEqualTo("machine");
            assertThat(image.rootDeviceTypeAsString()).isEqualTo("ebs");
            assertThat(image.rootDeviceName()).isEqualTo("/dev/xvda");
            assertThat(image.platformDetails()).isEqualTo("Linux/UNIX");
            assertThat(image.usageOperation()).isEqualTo("RunInstances");
            assertThat(image.publicLaunchPermissions()).isFalse();
            assertThat(image.creationDate()).isEqualTo("2025-01-15T10:00:00.000Z");
            assertThat(image.blockDeviceMappings()).singleElement().satisfies(b -> {
                assertThat(b.deviceName()).isEqualTo("/dev/xvda");
                assertThat(b.ebs().snapshotId()).isEqualTo(snap);
                assertThat(b.ebs().volumeSize()).isEqualTo(8);
                assertThat(b.ebs().encrypted()).isFalse();
                assertThat(b.ebs().deleteOnTermination()).isTrue();
                assertThat(b.ebs().volumeTypeAsString()).isEqualTo("gp2");
            });
        }
    }

    @BothCatalogs
    void requestedAttributesAndTagSpecificationsAreKept(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String root = t.snapshot(OWNER, 8);
            String data = t.snapshot(OWNER, 20);
            String id = t.services.images().registerImage(t.as(OWNER), registerRequest("with extras", root)
                    .description("built by packer")
                    .architecture("x86_64")
                    .virtualizationType("hvm")
                    .enaSupport(true)
                    .bootMode("uefi")
                    .imdsSupport("v2.0")
                    .blockDeviceMappings(
                            BlockDeviceMapping.builder().deviceName("/dev/xvda")
                                    .ebs(EbsBlockDevice.builder().snapshotId(root).volumeSize(30).volumeType("gp3").build()).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/xvdb")
                                    .ebs(EbsBlockDevice.builder().snapshotId(data).deleteOnTermination(false).build()).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/xvdc").virtualName("ephemeral0").build())
                    .tagSpecifications(TagSpecification.builder().resourceType("image")
                            .tags(Tag.builder().key("Name").value("web").build()).build())
                    .build()).imageId();

            Image image = describeOne(t, OWNER, id);
            assertThat(image.description()).isEqualTo("built by packer");
            assertThat(image.architectureAsString()).isEqualTo("x86_64");
            assertThat(image.virtualizationTypeAsString()).isEqualTo("hvm");
            assertThat(image.enaSupport()).isTrue();
            assertThat(image.bootModeAsString()).isEqualTo("uefi");
            assertThat(image.imdsSupportAsString()).isEqualTo("v2.0");
            assertThat(image.tags()).containsExactly(Tag.builder().key("Name").value("web").build());
            assertThat(image.blockDeviceMappings()).hasSize(3);
            assertThat(image.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(30);
            assertThat(image.blockDeviceMappings().get(0).ebs().volumeTypeAsString()).isEqualTo("gp3");
            assertThat(image.blockDeviceMappings().get(1).ebs().volumeSize()).isEqualTo(20);
            assertThat(image.blockDeviceMappings().get(1).ebs().deleteOnTermination()).isFalse();
            assertThat(image.blockDeviceMappings().get(2).virtualName()).isEqualTo("ephemeral0");
        }
    }

    @BothCatalogs
    void namesFollowTheAmiNameRule(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            assertThat(t.registerImage(OWNER, "Web (v1) [x] ./-'@_ ok", snap)).startsWith("ami-");
            for (String bad : new String[] {"ab", "a".repeat(129), "star*name", "comma,name", "colon:name"}) {
                assertError(ErrorCode.InvalidAMIName_Malformed, () -> t.registerImage(OWNER, bad, snap));
            }
            assertThat(t.registerImage(OWNER, "a".repeat(128), snap)).startsWith("ami-");
        }
    }

    @BothCatalogs
    void aNameIsUniquePerAccountAndRegion(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String first = t.registerImage(OWNER, "golden");
            String snap = t.snapshot(OWNER, 8);
            assertError(ErrorCode.InvalidAMIName_Duplicate, () -> t.registerImage(OWNER, "golden", snap))
                    .hasMessage("AMI name golden is already in use by AMI " + first);
            assertThat(t.registerImage(OTHER, "golden")).isNotEqualTo(first);
            String west = SnapshotData.write(t.services, t.as(OWNER, "us-west-2"), 8, null);
            assertThat(t.services.images().registerImage(t.as(OWNER, "us-west-2"),
                    registerRequest("golden", west).build()).imageId()).startsWith("ami-");
        }
    }

    @BothCatalogs
    void theDescriptionIsAtMost255Characters(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("described", snap).description("d".repeat(256)).build()));
            assertThat(t.services.images().registerImage(t.as(OWNER),
                    registerRequest("described", snap).description("d".repeat(255)).build()).imageId()).isNotNull();
        }
    }

    @BothCatalogs
    void snapshotsMustExistAndBeOwnedByTheCaller(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> t.registerImage(OWNER, "ghost", "snap-0123456789abcdef0"))
                    .hasMessage("The snapshot 'snap-0123456789abcdef0' does not exist.");
            assertError(ErrorCode.InvalidSnapshot_Malformed, () -> t.registerImage(OWNER, "bad", "snap-xyz"));

            String others = t.snapshot(OTHER, 8);
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> t.registerImage(OWNER, "not shared", others));
            t.services.snapshots().modifySnapshotAttribute(t.as(OTHER), ModifySnapshotAttributeRequest.builder()
                    .snapshotId(others).createVolumePermission(p -> p.add(CreateVolumePermission.builder().userId(OWNER).build()))
                    .build());
            // Shared, it is visible but still another account's: an image is registered over one's own snapshots only.
            assertError(ErrorCode.AuthFailure, () -> t.registerImage(OWNER, "shared with me", others))
                    .hasMessageContaining(others);
        }
    }

    @BothCatalogs
    void theVolumeSizeDefaultsToTheSnapshotsAndMayNotBeSmaller(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 10);
            assertError(ErrorCode.InvalidBlockDeviceMapping, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("small", snap).blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda")
                            .ebs(EbsBlockDevice.builder().snapshotId(snap).volumeSize(9).build()).build()).build()))
                    .hasMessageContaining("expect size >= 10GB");
        }
    }

    @BothCatalogs
    void theRootDeviceMustBeAMappedSnapshotVolume(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            assertError(ErrorCode.MissingParameter, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("no root", snap).rootDeviceName(null).build()));
            assertError(ErrorCode.InvalidBlockDeviceMapping, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("wrong root", snap).rootDeviceName("/dev/sda1").build()));
            assertError(ErrorCode.InvalidParameterCombination, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("no mapping", snap).blockDeviceMappings((BlockDeviceMapping[]) new BlockDeviceMapping[0]).build()));
            assertError(ErrorCode.InvalidBlockDeviceMapping, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("twice", snap).blockDeviceMappings(
                            BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(e -> e.snapshotId(snap)).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(e -> e.volumeSize(5)).build()).build()));
        }
    }

    @BothCatalogs
    void onlyImageTagSpecificationsAreAccepted(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("tagged", snap).tagSpecifications(TagSpecification.builder().resourceType("snapshot")
                            .tags(Tag.builder().key("k").value("v").build()).build()).build()));
            assertError(ErrorCode.InvalidTagKey_Malformed, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("tagged", snap).tagSpecifications(TagSpecification.builder().resourceType("image")
                            .tags(Tag.builder().key("aws:x").value("v").build()).build()).build()));
        }
    }

    @BothCatalogs
    void aFailedRegistrationLeavesNothingBehind(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> t.services.images().registerImage(t.as(OWNER),
                    registerRequest("half", snap).blockDeviceMappings(
                            BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(e -> e.snapshotId(snap)).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/xvdb").ebs(e -> e.snapshotId("snap-0000000000000000f")).build())
                            .tagSpecifications(TagSpecification.builder().resourceType("image")
                                    .tags(Tag.builder().key("k").value("v").build()).build()).build()));
            assertThat(t.services.images().describeImages(t.as(OWNER), DescribeImagesRequest.builder().build()).images()).isEmpty();
            assertThat(t.services.tags().describeTags(t.as(OWNER),
                    software.amazon.awssdk.services.ec2.model.DescribeTagsRequest.builder().build()).tags()).isEmpty();
            assertThat(t.registerImage(OWNER, "half", snap)).startsWith("ami-");
        }
    }

    static Image describeOne(TernFixture t, String account, String imageId) {
        return t.services.images().describeImages(t.as(account), DescribeImagesRequest.builder().imageIds(imageId).build())
                .images().get(0);
    }
}
