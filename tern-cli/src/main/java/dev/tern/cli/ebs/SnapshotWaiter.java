package dev.tern.cli.ebs;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/** Waits for a snapshot to leave {@code pending}, asking EC2 DescribeSnapshots at growing intervals. */
final class SnapshotWaiter {
    private static final Duration FIRST_POLL = Duration.ofMillis(250);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

    private final Ec2Client ec2;
    private final Retrier retrier;

    SnapshotWaiter(Ec2Client ec2, Retrier retrier) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2 is null");
        this.retrier = Objects.requireNonNull(retrier, "retrier is null");
    }

    /** Returns once {@code snapshotId} is {@code completed}; throws if it goes to {@code error}. */
    void awaitCompleted(String snapshotId) throws InterruptedException {
        Duration pause = FIRST_POLL;
        while (true) {
            Snapshot s = retrier.run("DescribeSnapshots " + snapshotId,
                    () -> ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().stream()
                            .findFirst().orElse(null));
            SnapshotState state = s == null ? null : s.state();
            if (state == SnapshotState.COMPLETED) {
                return;
            }
            if (state == SnapshotState.ERROR) {
                throw new IllegalStateException(snapshotId + " went to error"
                        + (s.stateMessage() == null ? "" : ": " + s.stateMessage()));
            }
            // Missing right after CompleteSnapshot can be eventual consistency; keep asking as for pending.
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }
}
