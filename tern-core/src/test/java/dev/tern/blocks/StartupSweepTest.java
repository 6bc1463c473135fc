package dev.tern.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.catalog.Catalog;
import dev.tern.testing.CatalogFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed process leaves in a block store of its own (unfinished files in {@code .incoming}, objects whose
 * commit never came) is gone at the next start: the unfinished files at once, the orphans within seconds. What a
 * commit names stays, and so does an object the new process has stored and not committed yet.
 */
class StartupSweepTest {
    @TempDir
    Path dir;

    @Test
    void aKilledProcesssLeftoversGoSoonAfterStartAndNothingCommittableDoes() throws Exception {
        Random random = new Random(3);
        try (Catalog catalog = CatalogFixture.open(CatalogFixture.Kind.SQLITE, dir);
             FileBlockStore store = new FileBlockStore(dir.resolve("blocks"))) {
            // The previous process: one committed block, one object stored but never committed, one write cut short.
            SnapshotBlocks blocks = new SnapshotBlocks(catalog, store, Clock.systemUTC());
            BlockRef kept = blocks.write("us-east-1", "snap-0000000000000000a", 0, block(random));
            String orphan = BlockKeys.newContentKey("us-east-1", Sha256.hex(block(random)));
            store.put(orphan, block(random));
            Path unfinished = store.root().resolve(FileBlockStore.INCOMING).resolve("killed.tmp");
            Files.write(unfinished, new byte[4096]);
            FileTime before = FileTime.from(Instant.now().minusSeconds(30));
            for (Path p : new Path[] {store.path(kept.blockKey()), store.path(orphan), unfinished}) {
                Files.setLastModifiedTime(p, before);
            }

            // This process starts: its sweeper first, then its own writes.
            try (AutoCloseable sweeps = new BlockSweeper(catalog, store, Clock.systemUTC())
                    .startBackground(Duration.ofHours(1), Duration.ofHours(1), BlockSweeper.DEFAULT_ORPHAN_GRACE)) {
                assertThat(unfinished).as("an unfinished write of the killed process, right after start").doesNotExist();
                String mine = BlockKeys.newContentKey("us-east-1", Sha256.hex(block(random)));
                store.put(mine, block(random));

                long deadline = System.nanoTime() + BlockSweeper.START_SWEEP_DELAY.plusSeconds(20).toNanos();
                while (Files.exists(store.path(orphan)) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(store.path(orphan)).as("the killed process's orphan, soon after start").doesNotExist();
                assertThat(store.path(kept.blockKey())).as("a committed block").exists();
                assertThat(store.path(mine)).as("an object this process may still commit").exists();
                assertThat(blocks.read("snap-0000000000000000a", 0)).isPresent();
            }
        }
    }

    private static byte[] block(Random random) {
        byte[] b = new byte[SnapshotBlocks.BLOCK_SIZE];
        random.nextBytes(b);
        return b;
    }
}
