package dev.tern.ebs;

import dev.tern.blocks.BlockRef;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.snapshots.SnapshotRepository;
import dev.tern.snapshots.SnapshotRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ebs.model.ChangedBlock;

/**
 * ListChangedBlocks' comparison: the block indexes whose data differs between two snapshots of one lineage, found
 * by walking both block lists in index order. A block differs when only one snapshot has it, or both have it with
 * different SHA-256; a block a child inherited, or rewrote with the same bytes, is the same. Without a first
 * snapshot, every block of the second is listed.
 */
final class ChangedBlocks {
    /** Block rows read from each snapshot per step of the walk. */
    private static final int BATCH = 1000;
    /** Rows one page may walk before it answers with what it found: AWS, too, may answer a page short, even empty. */
    private static final int SCAN_LIMIT = 100_000;
    /** Far more parents than any real lineage has; it only guards the walk. */
    private static final int MAX_LINEAGE = 10_000;

    /** One page: its changed blocks, their tokens' expiry, and the index the next page starts at (null: no more). */
    record Page(List<ChangedBlock> blocks, Instant expiry, Integer nextIndex) {}

    private final Catalog catalog;
    private final SnapshotBlocks blocks;
    private final BlockTokens tokens;

    ChangedBlocks(Catalog catalog, SnapshotBlocks blocks, BlockTokens tokens) {
        this.catalog = catalog;
        this.blocks = blocks;
        this.tokens = tokens;
    }

    Page page(String first, String second, int from, int max) {
        Instant expiry = tokens.blockTokenExpiry();
        List<ChangedBlock> out = new ArrayList<>();
        int cursor = from;
        int scanned = 0;
        while (scanned < SCAN_LIMIT) {
            List<BlockRef> a = first == null ? List.of() : blocks.list(first, cursor, BATCH);
            List<BlockRef> b = blocks.list(second, cursor, BATCH);
            // Past the last index of a full batch the other list may hold indexes this step has not read yet.
            long bound = Long.MAX_VALUE;
            if (a.size() == BATCH) {
                bound = a.get(BATCH - 1).blockIndex();
            }
            if (b.size() == BATCH) {
                bound = Math.min(bound, b.get(BATCH - 1).blockIndex());
            }
            int i = 0;
            int j = 0;
            while (true) {
                BlockRef x = i < a.size() && a.get(i).blockIndex() <= bound ? a.get(i) : null;
                BlockRef y = j < b.size() && b.get(j).blockIndex() <= bound ? b.get(j) : null;
                if (x == null && y == null) {
                    break;
                }
                int index = Math.min(x == null ? Integer.MAX_VALUE : x.blockIndex(), y == null ? Integer.MAX_VALUE : y.blockIndex());
                BlockRef inFirst = x != null && x.blockIndex() == index ? a.get(i++) : null;
                BlockRef inSecond = y != null && y.blockIndex() == index ? b.get(j++) : null;
                if (inFirst != null && inSecond != null && Objects.equals(inFirst.checksum(), inSecond.checksum())) {
                    continue;
                }
                out.add(ChangedBlock.builder().blockIndex(index)
                        .firstBlockToken(inFirst == null ? null : tokens.blockToken(first, index, expiry))
                        .secondBlockToken(inSecond == null ? null : tokens.blockToken(second, index, expiry))
                        .build());
                if (out.size() == max) {
                    return new Page(out, expiry, index == Integer.MAX_VALUE ? null : index + 1);
                }
            }
            if (bound == Long.MAX_VALUE) {
                return new Page(out, expiry, null);
            }
            scanned += a.size() + b.size();
            cursor = (int) bound + 1;
        }
        return new Page(out, expiry, cursor);
    }

    /**
     * Whether two snapshots of one Region share a lineage: following ParentSnapshotId from each reaches a common
     * snapshot (either one may be the other's ancestor, or both descend from a third).
     */
    static boolean related(Handle h, SnapshotRow first, SnapshotRow second) {
        Set<String> ancestry = lineage(h, first);
        for (String id : lineage(h, second)) {
            if (ancestry.contains(id)) {
                return true;
            }
        }
        return false;
    }

    // A parent that was deleted still names the lineage: its id stays on the children that came from it.
    private static Set<String> lineage(Handle h, SnapshotRow s) {
        SnapshotRepository repository = new SnapshotRepository();
        Set<String> ids = new HashSet<>();
        SnapshotRow current = s;
        ids.add(s.snapshotId());
        while (current != null && current.parentSnapshotId() != null && ids.size() < MAX_LINEAGE) {
            if (!ids.add(current.parentSnapshotId())) {
                break;
            }
            current = repository.find(h, current.parentSnapshotId(), s.region()).orElse(null);
        }
        return ids;
    }
}
