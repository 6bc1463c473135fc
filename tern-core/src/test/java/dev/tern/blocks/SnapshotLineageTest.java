package dev.tern.blocks;

import static dev.tern.blocks.BlockInvariants.objects;
import static dev.tern.blocks.SnapshotBlocks.BLOCK_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Lineage, blocks brought back before a sweep, damaged objects and concurrent writers, on each store and catalogue. */
class SnapshotLineageTest extends BlocksTestBase {

    @EveryStoreAndCatalog
    void aChildSharesItsParentsBlocksAndStoresOnlyWhatChanged(Setup setup) {
        open(setup);
        byte[][] parent = {randomBlock(), randomBlock(), randomBlock(), randomBlock()};
        for (int i = 0; i < parent.length; i++) {
            blocks.write(REGION, "snap-parent", i, parent[i]);
        }
        assertThat(blocks.inherit("snap-child", "snap-parent")).isEqualTo(4);
        assertThat(objects(store)).as("inheriting copies nothing").hasSize(4);

        byte[] changed = randomBlock();
        byte[] added = randomBlock();
        blocks.write(REGION, "snap-child", 1, changed);
        blocks.write(REGION, "snap-child", 9, added);
        blocks.write(REGION, "snap-child", 2, new byte[BLOCK_SIZE]);
        assertThat(objects(store)).as("only what changed is stored").hasSize(6);

        assertReads("snap-child", 0, parent[0]);
        assertReads("snap-child", 1, changed);
        assertReads("snap-child", 2, new byte[BLOCK_SIZE]);
        assertReads("snap-child", 3, parent[3]);
        assertReads("snap-child", 9, added);
        assertThat(blocks.read("snap-child", 4)).isEmpty();
        for (int i = 0; i < parent.length; i++) {
            assertReads("snap-parent", i, parent[i]);
        }
        assertThat(blocks.read("snap-parent", 9)).isEmpty();

        // The parent goes; what only it held is freed, what the child shares stays.
        blocks.release("snap-parent");
        assertThat(sweeper.sweepGarbage()).isEqualTo(2);
        assertThat(objects(store)).hasSize(4);
        assertReads("snap-child", 0, parent[0]);
        assertReads("snap-child", 3, parent[3]);
        assertReads("snap-child", 1, changed);
    }

    @EveryStoreAndCatalog
    void aGrandchildInheritsThroughItsParent(Setup setup) {
        open(setup);
        byte[] a = randomBlock();
        byte[] b = randomBlock();
        blocks.write(REGION, "snap-1", 0, a);
        blocks.inherit("snap-2", "snap-1");
        blocks.write(REGION, "snap-2", 1, b);
        blocks.inherit("snap-3", "snap-2");
        blocks.release("snap-1");
        blocks.release("snap-2");
        sweeper.sweepGarbage();

        assertReads("snap-3", 0, a);
        assertReads("snap-3", 1, b);
        assertThat(objects(store)).hasSize(2);
    }

    @EveryStoreAndCatalog
    void aSnapshotThatHoldsBlocksCannotInherit(Setup setup) {
        open(setup);
        blocks.write(REGION, "snap-a", 0, randomBlock());
        blocks.write(REGION, "snap-b", 0, randomBlock());
        assertThatThrownBy(() -> blocks.inherit("snap-b", "snap-a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> blocks.inherit("snap-a", "snap-a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(blocks.inherit("snap-c", "snap-none")).isZero();
    }

    @EveryStoreAndCatalog
    void aFreedBlockWrittenAgainBeforeTheSweepIsKept(Setup setup) {
        open(setup);
        byte[] data = randomBlock();
        blocks.write(REGION, "snap-a", 0, data);
        blocks.release("snap-a");
        blocks.write(REGION, "snap-b", 0, data);
        assertThat(objects(store)).as("the freed object is taken up again, not stored twice").hasSize(1);

        assertThat(sweeper.sweepGarbage()).isZero();
        assertReads("snap-b", 0, data);
    }

    @EveryStoreAndCatalog
    void aBlockWrittenAfterItsObjectWasSweptIsStoredAnew(Setup setup) {
        open(setup);
        byte[] data = randomBlock();
        String first = blocks.write(REGION, "snap-a", 0, data).blockKey();
        blocks.release("snap-a");
        sweeper.sweepGarbage();
        String second = blocks.write(REGION, "snap-b", 0, data).blockKey();

        assertThat(second).as("a swept key is never reused").isNotEqualTo(first);
        assertReads("snap-b", 0, data);
    }

    @EveryStoreAndCatalog
    void aDamagedOrMissingObjectIsAnErrorNeverOtherBytes(Setup setup) {
        open(setup);
        byte[] data = randomBlock();
        String key = blocks.write(REGION, "snap-a", 0, data).blockKey();
        byte[] damaged = data.clone();
        damaged[12345] ^= 1;
        store.put(key, damaged);
        assertThatThrownBy(() -> blocks.read("snap-a", 0)).isInstanceOf(BlockIntegrityException.class)
                .hasMessageContaining("does not match");

        store.delete(key);
        assertThatThrownBy(() -> blocks.read("snap-a", 0)).isInstanceOf(BlockIntegrityException.class)
                .hasMessageContaining("missing");
        // Put it back as written, so the checks after the test find the store whole.
        store.put(key, data);
        assertReads("snap-a", 0, data);
    }

    @EveryStoreAndCatalog
    void concurrentWritersOfTheSameContentKeepOneObject(Setup setup) throws Exception {
        open(setup);
        byte[] data = randomBlock();
        List<byte[]> own = List.of(randomBlock(), randomBlock(), randomBlock(), randomBlock());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 3; i++) {
                        blocks.write(REGION, "snap-" + writer, i, data);
                    }
                    blocks.write(REGION, "snap-" + writer, 3, own.get(writer));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(objects(store)).as("one shared object plus one per writer").hasSize(5);
        for (int t = 0; t < 4; t++) {
            assertReads("snap-" + t, 2, data);
            assertReads("snap-" + t, 3, own.get(t));
        }
    }
}
