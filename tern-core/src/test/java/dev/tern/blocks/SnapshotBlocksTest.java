package dev.tern.blocks;

import static dev.tern.blocks.BlockInvariants.assertConsistent;
import static dev.tern.blocks.BlockInvariants.objects;
import static dev.tern.blocks.SnapshotBlocks.BLOCK_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.List;

/** Writing, reading, deduplicating and freeing blocks, on each store over each catalogue. */
class SnapshotBlocksTest extends BlocksTestBase {

    @EveryStoreAndCatalog
    void randomBlocksRoundTripByteForByte(Setup setup) {
        open(setup);
        int[] indexes = {0, 1, 7, 1000, 16383, 134_217_727};
        byte[][] data = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            data[i] = randomBlock();
            BlockRef ref = blocks.write(REGION, "snap-a", indexes[i], data[i]);
            assertThat(ref.checksum()).isEqualTo(Sha256.hex(data[i]));
        }
        for (int i = 0; i < indexes.length; i++) {
            assertReads("snap-a", indexes[i], data[i]);
        }
        assertThat(blocks.read("snap-a", 2)).isEmpty();
        assertThat(blocks.read("snap-other", 0)).isEmpty();
        assertThat(blocks.count("snap-a")).isEqualTo(indexes.length);
        assertThat(blocks.list("snap-a", 0, 100)).extracting(BlockRef::blockIndex)
                .containsExactly(0, 1, 7, 1000, 16383, 134_217_727);
        assertThat(blocks.list("snap-a", 2, 2)).extracting(BlockRef::blockIndex, BlockRef::checksum)
                .containsExactly(tuple(7, Sha256.hex(data[2])), tuple(1000, Sha256.hex(data[3])));
    }

    @EveryStoreAndCatalog
    void sameContentInARegionIsStoredOnceAndOncePerRegion(Setup setup) {
        open(setup);
        byte[] data = randomBlock();
        blocks.write(REGION, "snap-a", 0, data);
        blocks.write(REGION, "snap-a", 5, data);
        blocks.write(REGION, "snap-b", 3, data);
        assertThat(objects(store)).hasSize(1);

        blocks.write("eu-west-1", "snap-c", 0, data);
        assertThat(objects(store)).hasSize(2).extracting(BlockKeys::region)
                .containsExactlyInAnyOrder(REGION, "eu-west-1");
        assertReads("snap-a", 5, data);
        assertReads("snap-b", 3, data);
        assertReads("snap-c", 0, data);
    }

    @EveryStoreAndCatalog
    void deletingASnapshotFreesWhatNoOtherHolds(Setup setup) {
        open(setup);
        byte[] shared = randomBlock();
        byte[] own = randomBlock();
        blocks.write(REGION, "snap-a", 0, shared);
        blocks.write(REGION, "snap-a", 1, own);
        blocks.write(REGION, "snap-b", 0, shared);

        assertThat(blocks.release("snap-a")).isEqualTo(2);
        assertThat(objects(store)).as("freed objects stay until the sweep").hasSize(2);
        assertThat(blocks.read("snap-a", 0)).isEmpty();
        assertThat(sweeper.sweepGarbage()).isEqualTo(1);
        assertThat(sweeper.sweepGarbage()).isZero();
        assertThat(objects(store)).hasSize(1);
        assertReads("snap-b", 0, shared);

        blocks.release("snap-b");
        assertThat(blocks.release("snap-b")).isZero();
        sweeper.sweepGarbage();
        assertThat(objects(store)).isEmpty();
    }

    @EveryStoreAndCatalog
    void overwritingABlockReleasesWhatItHeld(Setup setup) {
        open(setup);
        byte[] first = randomBlock();
        byte[] second = randomBlock();
        blocks.write(REGION, "snap-a", 4, first);
        blocks.write(REGION, "snap-a", 4, second);
        blocks.write(REGION, "snap-a", 4, second);
        assertReads("snap-a", 4, second);
        assertThat(blocks.count("snap-a")).isEqualTo(1);

        assertThat(sweeper.sweepGarbage()).isEqualTo(1);
        assertThat(objects(store)).hasSize(1);
        assertReads("snap-a", 4, second);
    }

    @EveryStoreAndCatalog
    void unwrittenAndZeroBlocksCostNothing(Setup setup) {
        open(setup);
        byte[] data = randomBlock();
        blocks.write(REGION, "snap-a", 0, data);
        for (int i = 1; i <= 20; i++) {
            blocks.write(REGION, "snap-a", i, new byte[BLOCK_SIZE]);
        }
        assertThat(objects(store)).hasSize(1);
        assertReads("snap-a", 7, new byte[BLOCK_SIZE]);
        assertThat(blocks.read("snap-a", 21)).isEmpty();
        assertThat(blocks.list("snap-a", 1, 1)).containsExactly(new BlockRef(1, SnapshotBlocks.ZERO_CHECKSUM, null));

        // Zeros written over data free the data.
        blocks.write(REGION, "snap-a", 0, new byte[BLOCK_SIZE]);
        sweeper.sweepGarbage();
        assertThat(objects(store)).isEmpty();
        assertReads("snap-a", 0, new byte[BLOCK_SIZE]);
    }

    @EveryStoreAndCatalog
    void blocksOfAnotherSizeOrANegativeIndexAreRefused(Setup setup) {
        open(setup);
        assertThatThrownBy(() -> blocks.write(REGION, "snap-a", 0, new byte[BLOCK_SIZE - 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blocks.write(REGION, "snap-a", -1, randomBlock()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(objects(store)).isEmpty();
        assertThat(blocks.count("snap-a")).isZero();
    }

    @EveryStoreAndCatalog
    void theOrphanSweepRemovesOnlyOldObjectsNothingReferences(Setup setup) {
        open(setup);
        byte[] kept = randomBlock();
        blocks.write(REGION, "snap-a", 0, kept);
        // What a request that died between storing its block and committing leaves behind.
        byte[] lost = randomBlock();
        String orphan = BlockKeys.newContentKey(REGION, Sha256.hex(lost));
        store.put(orphan, lost);

        assertThat(sweeper.sweepOrphans(BlockSweeper.DEFAULT_ORPHAN_GRACE)).isZero();
        assertThat(store.exists(orphan)).as("a young orphan may yet be committed").isTrue();

        clock.advance(Duration.ofHours(2));
        assertThat(sweeper.sweepOrphans(BlockSweeper.DEFAULT_ORPHAN_GRACE)).isEqualTo(1);
        assertThat(store.exists(orphan)).isFalse();
        assertThat(objects(store)).hasSize(1);
        assertReads("snap-a", 0, kept);
    }

    @EveryStoreAndCatalog
    void manySnapshotsSharingFewContentsStayConsistent(Setup setup) {
        open(setup);
        List<byte[]> contents = List.of(randomBlock(), randomBlock(), randomBlock());
        for (int i = 0; i < 30; i++) {
            blocks.write(REGION, "snap-" + i % 4, i % 7, contents.get(i % contents.size()));
        }
        blocks.release("snap-1");
        assertConsistent(catalog, store, false);
        sweepAll();
        assertConsistent(catalog, store, true);
        assertThat(objects(store)).hasSize(3);
    }
}
