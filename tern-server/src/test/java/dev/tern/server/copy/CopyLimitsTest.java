package dev.tern.server.copy;

import static dev.tern.server.copy.CopyRulesTest.assertError;
import static dev.tern.server.copy.CopyRulesTest.filter;
import static dev.tern.server.copy.CopyRulesTest.imageIds;
import static dev.tern.server.copy.CopyRulesTest.snapshotIds;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.config.TernConfig;
import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ImageState;

/**
 * The copy limits (docs/copying.md): image copies and snapshot copies in progress per account and destination
 * Region, lowered here to 2 each (copy.maxConcurrentImageCopies, copy.maxConcurrentSnapshotCopies) so that the tests
 * stay small. Copies from us-west-2 to us-east-1 cross a 16 KiB/s link and stay pending while a test looks; each
 * test stops its copies (DeregisterImage, DeleteSnapshot) before it ends.
 */
class CopyLimitsTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(config -> config
            .withCopy(new TernConfig.CopyConfig(config.copy().workers(), config.copy().leaseSeconds(),
                    config.copy().timeScale(), 2, 2, null, null))
            .withLinks(List.of(new TernConfig.LinkConfig("us-west-2", "us-east-1", "16KiB/s", null)))
            .withDeregisteredImageVisibleSeconds(1));

    private final Random random = new Random(41);

    private String source(String account, String name) {
        try (EbsClient ebs = tern.ebs(account, "us-west-2"); Ec2Client ec2 = tern.ec2(account, "us-west-2")) {
            return Disks.registerImage(ec2, name, Disks.snapshot(ebs, Disks.randomBlocks(random, 2), null, null, null));
        }
    }

    @Test
    @DisplayName("Destination Regions are limited to 100 concurrent AMI copies (a setting): ResourceLimitExceeded "
            + "naming the limit and the Region; per account and destination Region; copies to an Outpost count "
            + "against the Region's limit; a pending image cannot be copied (InvalidAMIID.Unavailable)")
    void imageCopiesInProgressAreCappedPerAccountAndDestinationRegion() throws Exception {
        String source = source(ALICE, "limit-source");
        String bobsSource = source(BOB, "limit-bob-source");
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1"); Ec2Client europe = tern.ec2(ALICE, "eu-west-1");
             Ec2Client bobEast = tern.ec2(BOB, "us-east-1"); Ec2Client eastLocal = tern.ec2(ALICE, "us-east-1")) {
            String local;
            try (EbsClient ebs = tern.ebs(ALICE, "us-east-1")) {
                local = Disks.registerImage(eastLocal, "limit-local",
                        Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null));
            }
            List<String> pending = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String name = "limit-pending-" + i;
                pending.add(east.copyImage(r -> r.name(name).sourceRegion("us-west-2").sourceImageId(source)).imageId());
            }
            try {
                // The initial status of the target AMI is pending.
                assertThat(east.describeImages(r -> r.imageIds(pending)).images())
                        .allSatisfy(i -> assertThat(i.state()).isEqualTo(ImageState.PENDING));
                assertThatThrownBy(() -> east.copyImage(r -> r.name("limit-refused").sourceRegion("us-west-2")
                        .sourceImageId(source))).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceLimitExceeded");
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorMessage()).contains("2").contains("us-east-1");
                        });
                assertError(() -> east.copyImage(r -> r.name("limit-refused").sourceRegion("us-east-1")
                        .sourceImageId(local).destinationOutpostArn(TernTestServer.OUTPOST_ARN)),
                        "ResourceLimitExceeded", 400);
                assertThat(imageIds(east, filter("name", "limit-refused"))).isEmpty();

                // A pending copy cannot itself be copied.
                assertError(() -> europe.copyImage(r -> r.name("limit-of-pending").sourceRegion("us-east-1")
                        .sourceImageId(pending.get(0))), "InvalidAMIID.Unavailable", 400);

                // Another destination Region, another account: not at their limit.
                assertThat(Disks.awaitImage(europe, europe.copyImage(r -> r.name("limit-elsewhere")
                        .sourceRegion("us-west-2").sourceImageId(source)).imageId(), WAIT).state())
                        .isEqualTo(ImageState.AVAILABLE);
                String bobs = bobEast.copyImage(r -> r.name("limit-bob").sourceRegion("us-west-2")
                        .sourceImageId(bobsSource)).imageId();
                bobEast.deregisterImage(r -> r.imageId(bobs));
            } finally {
                pending.forEach(id -> east.deregisterImage(r -> r.imageId(id)));
            }
            // Stopped copies no longer count.
            String after = east.copyImage(r -> r.name("limit-after").sourceRegion("us-east-1").sourceImageId(local))
                    .imageId();
            assertThat(Disks.awaitImage(east, after, WAIT).state()).isEqualTo(ImageState.AVAILABLE);
        }
    }

    @Test
    @DisplayName("The limits' defaults: 100 concurrent AMI copies and 20 concurrent snapshot copies per destination "
            + "Region; this server's configuration lowers both to 2")
    void theDefaultLimitsAre100ImageCopiesAnd20SnapshotCopies() {
        assertThat(TernConfig.CopyConfig.DEFAULTS.maxConcurrentImageCopies()).isEqualTo(100);
        assertThat(TernConfig.CopyConfig.DEFAULTS.maxConcurrentSnapshotCopies()).isEqualTo(20);
        assertThat(TernTestServer.defaultConfig().copy().maxConcurrentImageCopies()).isEqualTo(100);
        assertThat(tern.app().services().config().copy().maxConcurrentImageCopies()).isEqualTo(2);
    }

    @Test
    @DisplayName("Concurrent snapshot copies (CopySnapshot) per destination Region: default 20, a setting; "
            + "ResourceLimitExceeded")
    void snapshotCopiesInProgressAreCappedPerAccountAndDestinationRegion() {
        String snapshot;
        try (EbsClient ebs = tern.ebs(ALICE, "us-west-2")) {
            snapshot = Disks.snapshot(ebs, Disks.randomBlocks(random, 2), null, null, null);
        }
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            List<String> pending = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                pending.add(east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(snapshot)
                        .destinationRegion("us-east-1")).snapshotId());
            }
            int before = snapshotIds(east).size();
            try {
                assertThatThrownBy(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(snapshot)
                        .destinationRegion("us-east-1"))).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceLimitExceeded");
                            assertThat(e.awsErrorDetails().errorMessage()).contains("2");
                        });
                assertThat(snapshotIds(east)).hasSize(before);
            } finally {
                pending.forEach(id -> east.deleteSnapshot(r -> r.snapshotId(id)));
            }
        }
    }
}
