package dev.tern.images;

import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.registerRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;

/** DescribeImages reads an image, its devices and its tags as JSON built by the database: nothing may change on the way. */
class ImageListingsTest {
    // Everything JSON must escape, characters outside the BMP, and markup the XML writer escapes later.
    private static final String AWKWARD = "\"quoted\" back\\slash /slash\ttab\nnewline\r\u0001\u001f é € 😀 <a&b> [1, null]";

    @TempDir
    Path dir;

    @BothCatalogs
    void everyStoredValueComesBackExactly(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String root = t.snapshot(OWNER, 8);
            String id = t.services.images().registerImage(t.as(OWNER), registerRequest("awkward", root)
                    .description(AWKWARD)
                    .enaSupport(false)
                    .sriovNetSupport("simple")
                    .blockDeviceMappings(
                            BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(EbsBlockDevice.builder()
                                    .snapshotId(root).volumeSize(65536).volumeType("gp3").iops(16000).throughput(1000)
                                    .deleteOnTermination(false).build()).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/sdz").noDevice("").build(),
                            BlockDeviceMapping.builder().deviceName("/dev/xvdb").ebs(EbsBlockDevice.builder()
                                    .volumeSize(1).encrypted(true).kmsKeyId(AWKWARD).build()).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/xvdc").virtualName("ephemeral0").build())
                    .build()).imageId();
            t.services.tags().createTags(t.as(OWNER), CreateTagsRequest.builder().resources(id).tags(
                    Tag.builder().key("z").value("").build(),
                    Tag.builder().key(AWKWARD).value(AWKWARD).build(),
                    Tag.builder().key("A").value("1").build()).build());

            Image image = t.services.images().describeImages(t.as(OWNER),
                    DescribeImagesRequest.builder().imageIds(id).build()).images().get(0);

            assertThat(image.description()).isEqualTo(AWKWARD);
            assertThat(image.enaSupport()).isFalse();
            assertThat(image.sriovNetSupport()).isEqualTo("simple");
            assertThat(image.kernelId()).isNull();
            assertThat(image.publicLaunchPermissions()).isFalse();
            assertThat(image.creationDate()).isEqualTo("2025-01-15T10:00:00.000Z");
            assertThat(image.tags()).extracting(Tag::key).containsExactly(AWKWARD, "A", "z");
            assertThat(image.tags()).extracting(Tag::value).containsExactly(AWKWARD, "1", "");
            assertThat(image.blockDeviceMappings()).extracting(BlockDeviceMapping::deviceName)
                    .containsExactly("/dev/xvda", "/dev/sdz", "/dev/xvdb", "/dev/xvdc");
            EbsBlockDevice rootEbs = image.blockDeviceMappings().get(0).ebs();
            assertThat(rootEbs.volumeSize()).isEqualTo(65536);
            assertThat(rootEbs.iops()).isEqualTo(16000);
            assertThat(rootEbs.throughput()).isEqualTo(1000);
            assertThat(rootEbs.deleteOnTermination()).isFalse();
            assertThat(rootEbs.encrypted()).isFalse();
            assertThat(image.blockDeviceMappings().get(1).noDevice()).isEmpty();
            EbsBlockDevice empty = image.blockDeviceMappings().get(2).ebs();
            assertThat(empty.snapshotId()).isNull();
            assertThat(empty.encrypted()).isTrue();
            assertThat(empty.kmsKeyId()).isEqualTo(AWKWARD);
            assertThat(empty.deleteOnTermination()).isTrue();
            assertThat(image.blockDeviceMappings().get(3).virtualName()).isEqualTo("ephemeral0");
        }
    }
}
