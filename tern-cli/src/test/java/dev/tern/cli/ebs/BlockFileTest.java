package dev.tern.cli.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockFileTest {
    @TempDir
    Path dir;

    @Test
    void blocksLandAtTheirOffsetsAndTheRestReadsAsZeros() throws Exception {
        Path target = dir.resolve("volume.img");
        Files.write(target, new byte[] {1, 2, 3}); // an earlier file's bytes must not survive
        byte[] full = new byte[EbsBlocks.BLOCK_SIZE];
        new Random(5).nextBytes(full);
        byte[] partial = Arrays.copyOf(full, 1000);
        long size = 8L * EbsBlocks.BLOCK_SIZE;

        try (BlockFile file = BlockFile.create(target, size)) {
            // Disk file systems (ext4, xfs) take O_DIRECT, so the path users get is the one tested; tmpfs refuses it.
            if (!Files.getFileStore(dir).type().equals("tmpfs")) {
                assertThat(file.writesDirect()).isTrue();
            }
            file.write(2, full, EbsBlocks.BLOCK_SIZE);
            file.write(7, partial, partial.length);
        }

        byte[] written = Files.readAllBytes(target);
        assertThat(written).hasSize((int) size);
        assertThat(Arrays.copyOfRange(written, 2 * EbsBlocks.BLOCK_SIZE, 3 * EbsBlocks.BLOCK_SIZE)).isEqualTo(full);
        assertThat(Arrays.copyOfRange(written, 7 * EbsBlocks.BLOCK_SIZE, 7 * EbsBlocks.BLOCK_SIZE + 1000))
                .isEqualTo(partial);
        assertThat(EbsBlocks.isAllZero(Arrays.copyOfRange(written, 0, EbsBlocks.BLOCK_SIZE), EbsBlocks.BLOCK_SIZE))
                .isTrue();
    }
}
