package dev.tern.server.copy;

import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/** What the copy tests read from the server's catalogue (what no API shows: tasks, stored objects) and wait for. */
final class CopyCatalog {
    private CopyCatalog() {}

    /** The copy task writing into {@code destSnapshotId}, column by column. */
    static Map<String, Object> task(TernTestServer tern, String destSnapshotId) {
        return tern.app().services().catalog().read(h -> h.createQuery("SELECT state, mode, bytes_moved,"
                        + " base_snapshot_id FROM copy_tasks WHERE dest_snapshot_id = :id").bind("id", destSnapshotId)
                .map((rs, ctx) -> {
                    Map<String, Object> m = new java.util.HashMap<>();
                    m.put("state", rs.getString(1));
                    m.put("mode", rs.getString(2));
                    m.put("bytes_moved", rs.getLong(3));
                    m.put("base_snapshot_id", rs.getString(4));
                    return m;
                }).one());
    }

    /** The ClientToken under which a CopyImage or CopySnapshot made this resource, or null. */
    static String clientTokenOf(TernTestServer tern, String resourceId) {
        return tern.app().services().catalog().read(h -> h.createQuery("SELECT client_token FROM copy_client_tokens"
                + " WHERE resource_id = :id").bind("id", resourceId).mapTo(String.class).findOne().orElse(null));
    }

    static long blocksOf(TernTestServer tern, String snapshotId) {
        return tern.app().services().catalog().read(h -> h.createQuery("SELECT COUNT(*) FROM snapshot_blocks"
                + " WHERE snapshot_id = :id").bind("id", snapshotId).mapTo(Long.class).one());
    }

    /** The data keys a snapshot's stored objects were sealed with, as one comma-joined text. */
    static Map<String, Object> sealing(TernTestServer tern, String snapshotId) {
        return tern.app().services().catalog().read(h -> Map.of("data_keys", String.join(",", h.createQuery(
                        "SELECT DISTINCT st.data_key_id FROM snapshot_blocks sb JOIN stored_blocks st"
                                + " ON st.block_key = sb.block_key WHERE sb.snapshot_id = :id ORDER BY st.data_key_id")
                .bind("id", snapshotId).mapTo(String.class).list())));
    }

    /** How many stored objects two snapshots both hold. */
    static long sharedObjects(TernTestServer tern, String a, String b) {
        return tern.app().services().catalog().read(h -> h.createQuery("SELECT COUNT(*) FROM snapshot_blocks x"
                        + " JOIN snapshot_blocks y ON y.block_key = x.block_key WHERE x.snapshot_id = :a"
                        + " AND y.snapshot_id = :b").bind("a", a).bind("b", b).mapTo(Long.class).one());
    }

    static Snapshot awaitSnapshot(Ec2Client ec2, String snapshotId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Snapshot s = ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
            if (s.state() != SnapshotState.PENDING || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(50);
        }
    }

    /** Waits until a pending snapshot shows progress above 0% and returns it. */
    static String awaitProgress(Ec2Client ec2, String snapshotId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Snapshot s = ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
            if (!"0%".equals(s.progress()) || System.nanoTime() > deadline) {
                return s.progress();
            }
            Thread.sleep(20);
        }
    }
}
