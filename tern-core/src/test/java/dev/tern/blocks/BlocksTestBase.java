package dev.tern.blocks;

import static dev.tern.blocks.BlockInvariants.assertConsistent;
import static dev.tern.blocks.SnapshotBlocks.BLOCK_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.catalog.Catalog;
import dev.tern.testing.CatalogFixture;
import dev.tern.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real catalogue and block store for each test, with {@link SnapshotBlocks} and {@link BlockSweeper} over them.
 * After every test the catalogue and store are checked against each other, before and after a full sweep.
 */
abstract class BlocksTestBase {
    static final String REGION = "us-east-1";

    /** One block store over one catalogue. */
    record Setup(StoreKind store, CatalogFixture.Kind catalog) {
        @Override
        public String toString() {
            return store + " + " + catalog;
        }
    }

    static Stream<Setup> setups() {
        return Arrays.stream(StoreKind.values())
                .flatMap(s -> Arrays.stream(CatalogFixture.Kind.values()).map(c -> new Setup(s, c)));
    }

    @TempDir
    Path dir;
    final Random random = new Random(7);
    final MutableClock clock = new MutableClock(Instant.now());
    Catalog catalog;
    BlockStore store;
    SnapshotBlocks blocks;
    BlockSweeper sweeper;

    void open(Setup setup) {
        catalog = CatalogFixture.open(setup.catalog(), dir);
        store = setup.store().open(dir);
        blocks = new SnapshotBlocks(catalog, store, clock);
        sweeper = new BlockSweeper(catalog, store, clock);
    }

    @AfterEach
    void checkAndClose() {
        if (catalog != null) {
            assertConsistent(catalog, store, false);
            sweepAll();
            assertConsistent(catalog, store, true);
            store.close();
            catalog.close();
        }
    }

    /** Both sweeps, counting every object written so far as old enough: safe only while nothing is writing. */
    void sweepAll() {
        sweeper.sweepGarbage();
        new BlockSweeper(catalog, store, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1))).sweepOrphans(Duration.ZERO);
    }

    byte[] randomBlock() {
        byte[] data = new byte[BLOCK_SIZE];
        random.nextBytes(data);
        return data;
    }

    void assertReads(String snapshotId, int index, byte[] expected) {
        assertThat(blocks.read(snapshotId, index)).as("block %d of %s", index, snapshotId)
                .hasValueSatisfying(data -> assertThat(Arrays.mismatch(data, expected))
                        .as("first byte of block %d of %s that differs", index, snapshotId).isEqualTo(-1));
    }
}
