package dev.tern.images;

import static dev.tern.images.DescribeImagesTest.describe;
import static dev.tern.images.DescribeImagesTest.filter;
import static dev.tern.images.DescribeImagesTest.makePublic;
import static dev.tern.testing.TernFixture.AMAZON;
import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResetImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Launch permissions and the other image attributes: who sees an AMI, and what only its owner may change. */
class ImageSharingTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void aLaunchPermissionLetsAnotherAccountSeeTheImageWithItsOwnTags(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "shared");
            tag(t, OWNER, id, "team", "platform");
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> describe(t, OTHER, DescribeImagesRequest.builder().imageIds(id).build()));

            t.services.images().modifyImageAttribute(t.as(OWNER), ModifyImageAttributeRequest.builder().imageId(id)
                    .attribute("launchPermission").operationType("add").userIds(OTHER).build());
            Image seen = describe(t, OTHER, DescribeImagesRequest.builder().imageIds(id).build()).images().get(0);
            assertThat(seen.ownerId()).isEqualTo(OWNER);
            assertThat(seen.tags()).isEmpty();

            tag(t, OTHER, id, "team", "mine");
            assertThat(describe(t, OTHER, DescribeImagesRequest.builder().imageIds(id).build()).images().get(0).tags())
                    .containsExactly(Tag.builder().key("team").value("mine").build());
            assertThat(describe(t, OWNER, DescribeImagesRequest.builder().imageIds(id).build()).images().get(0).tags())
                    .containsExactly(Tag.builder().key("team").value("platform").build());
            assertThat(DescribeImagesTest.ids(t, OTHER, filter("tag:team", "platform"))).isEmpty();
            assertThat(DescribeImagesTest.ids(t, OTHER, filter("tag:team", "mine"))).containsExactly(id);

            assertThat(executableBy(t, OTHER, "self")).containsExactly(id);
            assertThat(executableBy(t, OWNER, OTHER)).containsExactly(id);
            assertThat(executableBy(t, OWNER, "self")).isEmpty();
            assertThat(executableBy(t, AMAZON, "all")).isEmpty();
            assertThat(DescribeImagesTest.ids(t, AMAZON)).isEmpty();
        }
    }

    @BothCatalogs
    void groupAllMakesTheImagePublicAndResetTakesItBack(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "public one");
            makePublic(t, OWNER, id);
            assertThat(DescribeImagesTest.ids(t, AMAZON, filter("is-public", "true"))).containsExactly(id);
            assertThat(executableBy(t, AMAZON, "all")).containsExactly(id);
            assertThat(launchPermissions(t, OWNER, id)).containsExactly(LaunchPermission.builder().group("all").build());

            t.services.images().resetImageAttribute(t.as(OWNER), ResetImageAttributeRequest.builder()
                    .imageId(id).attribute("launchPermission").build());
            assertThat(DescribeImagesTest.ids(t, AMAZON)).isEmpty();
            assertThat(launchPermissions(t, OWNER, id)).isEmpty();
            assertThat(describe(t, OWNER, DescribeImagesRequest.builder().imageIds(id).build()).images().get(0)
                    .publicLaunchPermissions()).isFalse();
        }
    }

    @BothCatalogs
    void bothWireFormsAddAndRemovePermissions(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "both forms");
            t.services.images().modifyImageAttribute(t.as(OWNER), ModifyImageAttributeRequest.builder().imageId(id)
                    .launchPermission(p -> p.add(LaunchPermission.builder().userId(OTHER).build(),
                            LaunchPermission.builder().userId(AMAZON).build())).build());
            assertThat(launchPermissions(t, OWNER, id)).extracting(LaunchPermission::userId).containsExactlyInAnyOrder(OTHER, AMAZON);
            t.services.images().modifyImageAttribute(t.as(OWNER), ModifyImageAttributeRequest.builder().imageId(id)
                    .attribute("launchPermission").operationType("remove").userIds(AMAZON).build());
            assertThat(launchPermissions(t, OWNER, id)).extracting(LaunchPermission::userId).containsExactly(OTHER);
        }
    }

    @BothCatalogs
    void badGranteesAreRefused(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "refusing");
            assertError(ErrorCode.InvalidUserID_Malformed, () -> t.services.images().modifyImageAttribute(t.as(OWNER),
                    ModifyImageAttributeRequest.builder().imageId(id).attribute("launchPermission")
                            .operationType("add").userIds("12345").build()));
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.images().modifyImageAttribute(t.as(OWNER),
                    ModifyImageAttributeRequest.builder().imageId(id).attribute("launchPermission")
                            .operationType("add").userGroups("everyone").build()));
            assertError(ErrorCode.MissingParameter, () -> t.services.images().modifyImageAttribute(t.as(OWNER),
                    ModifyImageAttributeRequest.builder().imageId(id).userIds(OTHER).build()));
            assertError(ErrorCode.InvalidParameterCombination, () -> t.services.images().modifyImageAttribute(t.as(OWNER),
                    ModifyImageAttributeRequest.builder().imageId(id).build()));
            assertThat(launchPermissions(t, OWNER, id)).isEmpty();
        }
    }

    @BothCatalogs
    void onlyTheOwnerChangesAttributesOrReadsLaunchPermissions(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "owned");
            makePublic(t, OWNER, id);
            String denied = "Not authorized for image:" + id;
            assertError(ErrorCode.AuthFailure, () -> t.services.images().modifyImageAttribute(t.as(OTHER),
                    ModifyImageAttributeRequest.builder().imageId(id).description(d -> d.value("mine now")).build()))
                    .hasMessage(denied);
            assertError(ErrorCode.AuthFailure, () -> t.services.images().resetImageAttribute(t.as(OTHER),
                    ResetImageAttributeRequest.builder().imageId(id).attribute("launchPermission").build())).hasMessage(denied);
            assertError(ErrorCode.AuthFailure, () -> launchPermissions(t, OTHER, id)).hasMessage(denied);
            assertThat(attribute(t, OTHER, id, "description").description().value()).isNull();

            String hidden = t.registerImage(OWNER, "hidden");
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> t.services.images().modifyImageAttribute(t.as(OTHER),
                    ModifyImageAttributeRequest.builder().imageId(hidden).description(d -> d.value("x")).build()));
            assertError(ErrorCode.InvalidAMIID_Malformed, () -> attribute(t, OWNER, "ami-bad", "description"));
        }
    }

    @BothCatalogs
    void theDescriptionChangesThroughEitherForm(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String id = t.registerImage(OWNER, "described");
            t.services.images().modifyImageAttribute(t.as(OWNER), ModifyImageAttributeRequest.builder().imageId(id)
                    .description(d -> d.value("first")).build());
            assertThat(attribute(t, OWNER, id, "description").description().value()).isEqualTo("first");
            t.services.images().modifyImageAttribute(t.as(OWNER), ModifyImageAttributeRequest.builder().imageId(id)
                    .attribute("description").value("second").build());
            assertThat(describe(t, OWNER, DescribeImagesRequest.builder().imageIds(id).build()).images().get(0).description())
                    .isEqualTo("second");
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.images().modifyImageAttribute(t.as(OWNER),
                    ModifyImageAttributeRequest.builder().imageId(id).description(d -> d.value("x".repeat(256))).build()));
        }
    }

    @BothCatalogs
    void theOtherAttributesDescribeTheImage(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            String id = t.services.images().registerImage(t.as(OWNER), TernFixture.registerRequest("attrs", snap)
                    .bootMode("uefi").tpmSupport("v2.0").imdsSupport("v2.0").sriovNetSupport("simple").build()).imageId();
            assertThat(attribute(t, OWNER, id, "bootMode").bootMode().value()).isEqualTo("uefi");
            assertThat(attribute(t, OWNER, id, "tpmSupport").tpmSupport().value()).isEqualTo("v2.0");
            assertThat(attribute(t, OWNER, id, "imdsSupport").imdsSupport().value()).isEqualTo("v2.0");
            assertThat(attribute(t, OWNER, id, "sriovNetSupport").sriovNetSupport().value()).isEqualTo("simple");
            assertThat(attribute(t, OWNER, id, "kernel").kernelId().value()).isNull();
            assertThat(attribute(t, OWNER, id, "ramdisk").ramdiskId().value()).isNull();
            assertThat(attribute(t, OWNER, id, "productCodes").productCodes()).isEmpty();
            assertError(ErrorCode.AuthFailure, () -> attribute(t, OWNER, id, "blockDeviceMapping"))
                    .hasMessage("Unauthorized attempt to access restricted resource");
            assertError(ErrorCode.InvalidParameterValue, () -> attribute(t, OWNER, id, "colour"));
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.images().resetImageAttribute(t.as(OWNER),
                    ResetImageAttributeRequest.builder().imageId(id).attribute("description").build()));
        }
    }

    static java.util.List<String> executableBy(TernFixture t, String account, String... users) {
        return describe(t, account, DescribeImagesRequest.builder().executableUsers(users).build())
                .images().stream().map(Image::imageId).toList();
    }

    static java.util.List<LaunchPermission> launchPermissions(TernFixture t, String account, String id) {
        return attribute(t, account, id, "launchPermission").launchPermissions();
    }

    static software.amazon.awssdk.services.ec2.model.DescribeImageAttributeResponse attribute(
            TernFixture t, String account, String id, String attribute) {
        return t.services.images().describeImageAttribute(t.as(account),
                DescribeImageAttributeRequest.builder().imageId(id).attribute(attribute).build());
    }

    static void tag(TernFixture t, String account, String id, String key, String value) {
        t.services.tags().createTags(t.as(account), CreateTagsRequest.builder().resources(id)
                .tags(Tag.builder().key(key).value(value).build()).build());
    }
}
