package dev.tern.images;

import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.CopyImageRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeRequest;

/**
 * GetImageAncestry's chain (docs/copying.md, "Ancestry"), on the services: "the chain from the given AMI back
 * through each SourceImageId, with its Region and creation date; it stops where the source was registered, not
 * copied, or is no longer visible". tern-server's GetImageAncestryTest checks the EC2 action that serves it.
 */
class ImageAncestryTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void theChainGoesBackThroughEachSourceImageAndStopsWhereTheSourceWasRegisteredOrIsNotVisible(Kind kind)
            throws Exception {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String original = t.registerImage(OWNER, "original");
            String sameRegion = copy(t, original, "us-east-1", "us-east-1", "same-region copy");
            String elsewhere = copy(t, sameRegion, "us-east-1", "us-west-2", "copy in us-west-2");

            List<ImageAncestryEntry> chain = t.services.images().imageAncestry(t.as(OWNER, "us-west-2"), elsewhere);
            assertThat(chain).extracting(ImageAncestryEntry::imageId).containsExactly(elsewhere, sameRegion, original);
            assertThat(chain).extracting(ImageAncestryEntry::region)
                    .containsExactly("us-west-2", "us-east-1", "us-east-1");
            assertThat(chain.get(0).sourceImageId()).isEqualTo(sameRegion);
            assertThat(chain.get(0).sourceImageRegion()).isEqualTo("us-east-1");
            assertThat(chain.get(2).sourceImageId()).isNull();
            assertThat(chain.get(2).creationTime()).isEqualTo(t.clock.millis());

            // Another account sees the chain only as far as it can see the images.
            assertError(ErrorCode.InvalidAMIID_NotFound,
                    () -> t.services.images().imageAncestry(t.as(OTHER, "us-west-2"), elsewhere));
            t.services.images().modifyImageAttribute(t.as(OWNER, "us-west-2"), ModifyImageAttributeRequest.builder()
                    .imageId(elsewhere).launchPermission(p -> p.add(a -> a.group("all"))).build());
            assertThat(t.services.images().imageAncestry(t.as(OTHER, "us-west-2"), elsewhere))
                    .extracting(ImageAncestryEntry::imageId).containsExactly(elsewhere);

            // A deregistered source ends the chain.
            t.services.images().deregisterImage(t.as(OWNER), DeregisterImageRequest.builder().imageId(original).build());
            assertThat(t.services.images().imageAncestry(t.as(OWNER, "us-west-2"), elsewhere))
                    .extracting(ImageAncestryEntry::imageId).containsExactly(elsewhere, sameRegion);
        }
    }

    /** CopyImage of {@code source} from {@code from} into {@code to}; waits until the copy is available. */
    private static String copy(TernFixture t, String source, String from, String to, String name) throws Exception {
        String id = t.services.copies().copyImage(t.as(OWNER, to), CopyImageRequest.builder().name(name)
                .sourceRegion(from).sourceImageId(source).build()).imageId();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"available".equals(t.services.images().describeImages(t.as(OWNER, to),
                DescribeImagesRequest.builder().imageIds(id).build()).images().get(0).stateAsString())) {
            assertThat(System.nanoTime()).as("copy %s became available", id).isLessThan(deadline);
            Thread.sleep(50);
        }
        return id;
    }
}
