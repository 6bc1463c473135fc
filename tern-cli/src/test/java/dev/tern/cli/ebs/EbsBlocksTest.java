package dev.tern.cli.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EbsBlocksTest {
    private static final int B = EbsBlocks.BLOCK_SIZE;

    @TempDir
    Path dir;

    @Test
    void blocksAre512KiBAndAFinalPartialBlockCounts() {
        assertThat(B).isEqualTo(524_288);
        assertThat(EbsBlocks.blockCount(0)).isZero();
        assertThat(EbsBlocks.blockCount(1)).isEqualTo(1);
        assertThat(EbsBlocks.blockCount(B)).isEqualTo(1);
        assertThat(EbsBlocks.blockCount(B + 1L)).isEqualTo(2);
        assertThat(EbsBlocks.blockCount(2 * EbsBlocks.GIB)).isEqualTo(4096);
    }

    @Test
    void volumeSizeIsTheFileSizeRoundedUpToWholeGiBAndAtLeastOne() {
        assertThat(EbsBlocks.volumeSizeGiB(0)).isEqualTo(1);
        assertThat(EbsBlocks.volumeSizeGiB(5)).isEqualTo(1);
        assertThat(EbsBlocks.volumeSizeGiB(EbsBlocks.GIB)).isEqualTo(1);
        assertThat(EbsBlocks.volumeSizeGiB(EbsBlocks.GIB + 1)).isEqualTo(2);
    }

    @Test
    void aBlockIsZeroOnlyIfEveryByteIs() {
        byte[] block = new byte[B];
        assertThat(EbsBlocks.isAllZero(block, B)).isTrue();
        block[B - 1] = 1;
        assertThat(EbsBlocks.isAllZero(block, B)).isFalse();
        assertThat(EbsBlocks.isAllZero(block, B - 1)).isTrue();
        block[0] = 1;
        assertThat(EbsBlocks.isAllZero(block, B - 1)).isFalse();
    }

    @Test
    void aFinalPartialBlockIsZeroPaddedEvenOverABufferThatHeldData() throws Exception {
        Path file = dir.resolve("image");
        byte[] content = new byte[B + 4];
        Arrays.fill(content, (byte) 7);
        System.arraycopy("tail".getBytes(StandardCharsets.US_ASCII), 0, content, B, 4);
        Files.write(file, content);
        byte[] block = new byte[B];
        Arrays.fill(block, (byte) 0x55);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            EbsBlocks.readBlock(ch, content.length, 1, block);
        }
        assertThat(new String(block, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("tail");
        assertThat(EbsBlocks.isAllZero(Arrays.copyOfRange(block, 4, B), B - 4)).isTrue();
        // independently computed: sha256("tail" + 524284 zero bytes)
        assertThat(EbsChecksums.base64(EbsChecksums.sha256(block, B)))
                .isEqualTo("Fe7VEKNdy3PYlgurcwBGei0ROtkRTUcrGfCpsQdSLR0=");
    }

    @Test
    void aFileThatShrankUnderneathIsAnErrorNotZeros() throws Exception {
        Path file = dir.resolve("short");
        Files.write(file, new byte[10]);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> EbsBlocks.readBlock(ch, B, 0, new byte[B])).isInstanceOf(EOFException.class);
        }
    }
}
