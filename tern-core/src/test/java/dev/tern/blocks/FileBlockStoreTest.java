package dev.tern.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileBlockStoreTest extends BlockStoreContract {
    @Override
    BlockStore open(Path dir) {
        return new FileBlockStore(dir.resolve("blocks"));
    }

    @Test
    void objectsLieUnderTheirRegionFannedOutByName() {
        byte[] data = randomBytes(10);
        String key = BlockKeys.newContentKey("eu-central-1", Sha256.hex(data));
        store.put(key, data);
        String name = BlockKeys.name(key);
        assertThat(dir.resolve("blocks/eu-central-1").resolve(name.substring(0, 2)).resolve(name.substring(2, 4))
                .resolve(name)).isRegularFile().hasBinaryContent(data);
    }

    @Test
    void directWritesKeepExactlyTheBytesOfAnySize() throws Exception {
        // Disk file systems (ext4, xfs) take O_DIRECT, so the path users get is the one tested; tmpfs refuses it.
        if (!Files.getFileStore(dir).type().equals("tmpfs")) {
            assertThat(((FileBlockStore) store).writesDirect()).isTrue();
        }
        for (int size : new int[] {0, 1, 4095, 4097, SnapshotBlocks.BLOCK_SIZE, SnapshotBlocks.BLOCK_SIZE + 28}) {
            byte[] data = randomBytes(size);
            String key = BlockKeys.newSealedKey("us-east-1");
            store.put(key, data);
            assertThat(store.get(key)).as("%d bytes", size).hasValueSatisfying(d -> assertThat(d).isEqualTo(data));
        }
    }

    @Test
    void aCompletedWriteLeavesNothingIncomplete() throws Exception {
        store.put(BlockKeys.newContentKey("us-east-1", Sha256.hex(new byte[] {7})), new byte[] {7});
        try (var files = Files.list(dir.resolve("blocks").resolve(FileBlockStore.INCOMING))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void leftoversOfUnfinishedWritesGoOnlyOnceOlderThanTheCutoff() throws Exception {
        Path incoming = dir.resolve("blocks").resolve(FileBlockStore.INCOMING);
        Path old = Files.write(incoming.resolve("old.tmp"), new byte[] {1});
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(7200)));
        Path young = Files.write(incoming.resolve("young.tmp"), new byte[] {2});

        assertThat(store.removeIncomplete(Instant.now().minusSeconds(3600))).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(young).exists();
        assertThat(listing(store)).isEmpty();
    }

    @Test
    void strayFilesAreNeverListed() throws Exception {
        Path blocks = dir.resolve("blocks");
        Files.createDirectories(blocks.resolve("us-east-1/ab/cd"));
        Files.write(blocks.resolve("us-east-1/ab/cd/abcdef"), new byte[1]);
        Files.write(blocks.resolve("us-east-1/ab/cd/zzzzzz"), new byte[1]); // not where its name would put it
        Files.write(blocks.resolve("README"), new byte[1]);
        Files.write(blocks.resolve("us-east-1/ab/notes.txt"), new byte[1]);

        assertThat(listing(store)).containsOnlyKeys("us-east-1/abcdef");
    }
}
