package dev.tern.server.copy;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

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
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.TransferType;

/**
 * A time-based copy on a slow link finishes by its deadline while best-effort copies share the same link. Simulated
 * time runs 60 times faster (copy.timeScale), so the 15-minute completion duration is 15 real seconds and the
 * 32 KiB/s link moves 1.875 MiB a real second. Four copies of 8 MiB need about 17 s together: shared equally, the
 * time-based one would finish late; the scheduler gives it what its deadline needs and the rest to the others.
 */
class TimeBasedCopyTest {
    private static final double SCALE = 60;

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(config -> config
            .withCopy(config.copy().withTimeScale(SCALE))
            .withLinks(List.of(new TernConfig.LinkConfig("us-west-2", "us-east-1", "32KiB/s", null))));

    @Test
    @DisplayName("Time-based copy: each snapshot is completed within the specified completion duration, "
            + "throughput adjusted to meet it; without one the copy is best-effort")
    void aTimeBasedCopyFinishesByItsDeadlineWhileBestEffortCopiesShareTheLink() throws Exception {
        Random random = new Random(31);
        try (EbsClient west = tern.ebs(ALICE, "us-west-2"); Ec2Client ec2West = tern.ec2(ALICE, "us-west-2");
             Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            List<String> sources = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sources.add(Disks.snapshot(west, Disks.randomBlocks(random, 16), null, null, null));
            }
            List<String> bestEffort = new ArrayList<>();
            for (String source : sources.subList(1, 4)) {
                bestEffort.add(east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                        .destinationRegion("us-east-1")).snapshotId());
            }
            String image = Disks.registerImage(ec2West, "time-based-source", sources.get(0));
            String copy = east.copyImage(r -> r.name("time-based-copy").sourceRegion("us-west-2").sourceImageId(image)
                    .snapshotCopyCompletionDurationMinutes(15L)).imageId();

            Image done = Disks.awaitImage(east, copy, Duration.ofSeconds(60));
            assertThat(done.state()).isEqualTo(ImageState.AVAILABLE);
            String snapshotId = done.blockDeviceMappings().get(0).ebs().snapshotId();
            Snapshot s = east.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
            assertThat(s.transferType()).isEqualTo(TransferType.TIME_BASED);
            assertThat(s.completionDurationMinutes()).isEqualTo(15);
            Duration took = Duration.between(s.startTime(), s.completionTime());
            assertThat(took).as("real time to complete a 15-minute copy at 60x").isLessThanOrEqualTo(Duration.ofSeconds(15));

            for (String other : bestEffort) {
                Snapshot b = CopyCatalog.awaitSnapshot(east, other, Duration.ofSeconds(60));
                assertThat(b.state()).isEqualTo(SnapshotState.COMPLETED);
                assertThat(b.transferType()).isEqualTo(TransferType.STANDARD);
                assertThat(b.completionTime()).as("best-effort copies still finish, after the time-based one")
                        .isAfter(s.completionTime());
            }
        }
    }
}
