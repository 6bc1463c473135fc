package dev.tern.cli.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRegionsTest {
    private static final int B = EbsBlocks.BLOCK_SIZE;

    @TempDir
    Path dir;

    @Test
    void byteRangesBecomeMergedBlockRanges() {
        List<DataRegions.BlockRange> ranges = new ArrayList<>();
        DataRegions.addBytes(ranges, 0, 4096);               // block 0
        DataRegions.addBytes(ranges, B + 10, 2L * B + 1);    // blocks 1..2, touching block 0: merged
        DataRegions.addBytes(ranges, 10L * B, 10L * B + 1);  // block 10
        assertThat(ranges).containsExactly(new DataRegions.BlockRange(0, 3), new DataRegions.BlockRange(10, 11));
    }

    @Test
    void everyBlockWithDataIsInARangeAndHolesAreLeftOutWhereTheJdkCanTell() throws Exception {
        Path file = dir.resolve("sparse");
        long size = 4096L * B; // 2 GiB, nearly all hole
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            raf.seek(3L * B + 5);
            raf.write(1);
            raf.seek(size - 1);
            raf.write(1);
        }
        List<DataRegions.BlockRange> ranges = DataRegions.blockRanges(file, size);
        assertThat(ranges).anyMatch(r -> r.first() <= 3 && 3 < r.end());
        assertThat(ranges).anyMatch(r -> r.first() <= 4095 && 4095 < r.end());
        long counted = ranges.stream().mapToLong(DataRegions.BlockRange::count).sum();
        if (Runtime.version().feature() >= 22 && System.getProperty("os.name").startsWith("Linux")) {
            assertThat(counted).as("blocks to read from %s", ranges).isLessThan(64);
        } else {
            assertThat(counted).isEqualTo(4096);
        }
    }

    @Test
    void anEmptyFileHasNoBlocks() throws Exception {
        Path file = dir.resolve("empty");
        new RandomAccessFile(file.toFile(), "rw").close();
        assertThat(DataRegions.blockRanges(file, 0)).isEmpty();
    }
}
