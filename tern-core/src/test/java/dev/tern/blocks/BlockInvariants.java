package dev.tern.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.catalog.Catalog;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the catalogue and the store against each other, straight from the tables and the store's listing. */
final class BlockInvariants {
    private BlockInvariants() {}

    /**
     * Every stored block's ref_count is the number of snapshot blocks naming it; every named block has its row and
     * its object; the garbage is exactly the blocks at zero. With {@code swept} (both sweeps just ran, with no grace)
     * there is also no garbage left and no object the catalogue does not know.
     */
    static void assertConsistent(Catalog catalog, BlockStore store, boolean swept) {
        catalog.read(h -> {
            List<Map<String, Object>> wrong = h.createQuery("SELECT st.block_key, st.ref_count,"
                            + " (SELECT COUNT(*) FROM snapshot_blocks sb WHERE sb.block_key = st.block_key) AS holders"
                            + " FROM stored_blocks st WHERE st.ref_count <> (SELECT COUNT(*) FROM snapshot_blocks sb"
                            + " WHERE sb.block_key = st.block_key)")
                    .mapToMap().list();
            assertThat(wrong).as("blocks whose ref_count is not their number of holders").isEmpty();
            assertThat(h.createQuery("SELECT DISTINCT sb.block_key FROM snapshot_blocks sb WHERE sb.block_key IS NOT NULL"
                            + " AND NOT EXISTS (SELECT 1 FROM stored_blocks st WHERE st.block_key = sb.block_key)")
                    .mapTo(String.class).list()).as("blocks held without a catalogue row").isEmpty();
            Set<String> atZero = new HashSet<>(h.createQuery("SELECT block_key FROM stored_blocks WHERE ref_count = 0")
                    .mapTo(String.class).list());
            Set<String> garbage = new HashSet<>(h.createQuery("SELECT block_key FROM block_garbage")
                    .mapTo(String.class).list());
            assertThat(garbage).as("garbage").containsAll(atZero);
            if (swept) {
                assertThat(garbage).as("garbage left after a sweep").isEmpty();
            }
            Set<String> stored = new HashSet<>(h.createQuery("SELECT block_key FROM stored_blocks")
                    .mapTo(String.class).list());
            Set<String> objects = objects(store);
            assertThat(objects).as("objects in the store").containsAll(stored);
            if (swept) {
                assertThat(objects).as("objects in the store after both sweeps").isEqualTo(stored);
            }
            return null;
        });
    }

    static Set<String> objects(BlockStore store) {
        Set<String> keys = new HashSet<>();
        store.list(o -> keys.add(o.key()));
        return keys;
    }
}
