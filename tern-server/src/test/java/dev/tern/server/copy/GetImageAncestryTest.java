package dev.tern.server.copy;

import static dev.tern.server.copy.CopyRulesTest.assertError;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageAncestryEntry;
import software.amazon.awssdk.services.ec2.model.ImageState;

/** GetImageAncestry (docs/copying.md, "Ancestry") through the AWS SDK for Java v2. */
class GetImageAncestryTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final Random random = new Random(50);

    private String original(Ec2Client ec2, String name) {
        try (EbsClient ebs = tern.ebs(ALICE, "us-west-2")) {
            return Disks.registerImage(ec2, name, Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null));
        }
    }

    private static Image copy(Ec2Client into, String from, String source, String name) throws Exception {
        String id = into.copyImage(r -> r.name(name).sourceRegion(from).sourceImageId(source)).imageId();
        Image image = Disks.awaitImage(into, id, WAIT);
        assertThat(image.state()).as("copy %s", id).isEqualTo(ImageState.AVAILABLE);
        return image;
    }

    private static Instant seconds(Image image) {
        return Instant.parse(image.creationDate()).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    @DisplayName("GetImageAncestry: the chain from the given AMI back through each SourceImageId, with its Region and "
            + "creation date; it stops where the source was registered, not copied, or is no longer visible")
    void theChainGoesBackThroughEachSourceImageIdAndStopsWhereTheSourceWasRegisteredOrIsNoLongerVisible()
            throws Exception {
        try (Ec2Client west = tern.ec2(ALICE, "us-west-2"); Ec2Client east = tern.ec2(ALICE, "us-east-1");
             Ec2Client bobEast = tern.ec2(BOB, "us-east-1")) {
            String root = original(west, "ancestry-root");
            Image rootImage = west.describeImages(r -> r.imageIds(root)).images().get(0);
            Image inEast = copy(east, "us-west-2", root, "ancestry-east");
            Image again = copy(east, "us-east-1", inEast.imageId(), "ancestry-east-again");

            List<ImageAncestryEntry> chain = east.getImageAncestry(r -> r.imageId(again.imageId()))
                    .imageAncestryEntries();
            assertThat(chain).extracting(ImageAncestryEntry::imageId)
                    .containsExactly(again.imageId(), inEast.imageId(), root);
            assertThat(chain).extracting(ImageAncestryEntry::sourceImageId)
                    .containsExactly(inEast.imageId(), root, null);
            assertThat(chain).extracting(ImageAncestryEntry::sourceImageRegion)
                    .containsExactly("us-east-1", "us-west-2", null);
            // Each entry's creation date is the one DescribeImages shows for that image, in its own Region.
            assertThat(chain).extracting(e -> e.creationDate().truncatedTo(ChronoUnit.SECONDS))
                    .containsExactly(seconds(again), seconds(inEast), seconds(rootImage));
            assertThat(chain).extracting(ImageAncestryEntry::imageOwnerAlias)
                    .containsExactly(again.imageOwnerAlias(), inEast.imageOwnerAlias(), rootImage.imageOwnerAlias());

            // An image that was registered, not copied, is its own whole chain.
            assertThat(west.getImageAncestry(r -> r.imageId(root)).imageAncestryEntries())
                    .extracting(ImageAncestryEntry::imageId).containsExactly(root);

            // Another account sees the chain only as far as it may see the images.
            assertError(() -> bobEast.getImageAncestry(r -> r.imageId(again.imageId())), "InvalidAMIID.NotFound", 400);
            east.modifyImageAttribute(r -> r.imageId(again.imageId()).launchPermission(p -> p.add(a -> a.userId(BOB))));
            assertThat(bobEast.getImageAncestry(r -> r.imageId(again.imageId())).imageAncestryEntries())
                    .extracting(ImageAncestryEntry::imageId).containsExactly(again.imageId());

            // A deregistered source ends the chain; the copies keep their SourceImageId.
            west.deregisterImage(r -> r.imageId(root));
            assertThat(east.getImageAncestry(r -> r.imageId(again.imageId())).imageAncestryEntries())
                    .extracting(ImageAncestryEntry::imageId).containsExactly(again.imageId(), inEast.imageId());
        }
    }

    @Test
    @DisplayName("GetImageAncestry answers at most 50 entries")
    void theChainHasAtMostFiftyEntries() throws Exception {
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1"); EbsClient ebs = tern.ebs(ALICE, "us-east-1")) {
            String root = Disks.registerImage(east, "ancestry-long-0",
                    Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null));
            List<String> ids = new ArrayList<>(List.of(root));
            // Same Region, same (no) key: each copy shares its source's blocks and is available at once.
            for (int i = 1; i <= 51; i++) {
                ids.add(copy(east, "us-east-1", ids.get(i - 1), "ancestry-long-" + i).imageId());
            }
            List<ImageAncestryEntry> chain = east.getImageAncestry(r -> r.imageId(ids.get(51))).imageAncestryEntries();
            assertThat(chain).hasSize(50);
            assertThat(chain).extracting(ImageAncestryEntry::imageId)
                    .containsExactlyElementsOf(ids.reversed().subList(0, 50));
            // One step further back the chain reaches the registered image and is whole.
            assertThat(east.getImageAncestry(r -> r.imageId(ids.get(49))).imageAncestryEntries()).hasSize(50)
                    .last().extracting(ImageAncestryEntry::imageId).isEqualTo(root);
        }
    }

    @Test
    @DisplayName("GetImageAncestry refuses a missing, malformed or unknown ImageId as EC2 does")
    void aMissingMalformedOrUnknownImageIdGetsTheErrorEc2Gives() {
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            assertError(() -> east.getImageAncestry(r -> {}), "MissingParameter", 400);
            assertError(() -> east.getImageAncestry(r -> r.imageId("ami-12")), "InvalidAMIID.Malformed", 400);
            assertError(() -> east.getImageAncestry(r -> r.imageId("snap-0123456789abcdef0")),
                    "InvalidAMIID.Malformed", 400);
            assertError(() -> east.getImageAncestry(r -> r.imageId("ami-0123456789abcdef0")),
                    "InvalidAMIID.NotFound", 400);
            assertThatThrownBy(() -> east.getImageAncestry(r -> r.imageId("ami-0123456789abcdef0")))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .contains("ami-0123456789abcdef0"));
            assertError(() -> east.getImageAncestry(r -> r.imageId("ami-0123456789abcdef0").dryRun(true)),
                    "DryRunOperation", 412);
        }
    }
}
