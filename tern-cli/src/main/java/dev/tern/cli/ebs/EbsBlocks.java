package dev.tern.cli.ebs;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Block arithmetic of the EBS direct APIs: every block of a snapshot is 512 KiB, at index = offset / 512 KiB. */
final class EbsBlocks {
    static final int BLOCK_SIZE = 512 * 1024;
    static final long GIB = 1024L * 1024 * 1024;

    /** Compared against with {@link Arrays#mismatch}, which the JIT vectorises; never written to. */
    private static final byte[] ZEROS = new byte[BLOCK_SIZE];

    private EbsBlocks() {
    }

    /** How many blocks hold {@code bytes} bytes; a final partial block counts as one. */
    static long blockCount(long bytes) {
        return Math.ceilDiv(bytes, BLOCK_SIZE);
    }

    /** The smallest whole number of GiB that holds {@code bytes}, and at least 1 (StartSnapshot's minimum). */
    static long volumeSizeGiB(long bytes) {
        return Math.max(1, Math.ceilDiv(bytes, GIB));
    }

    static boolean isAllZero(byte[] block, int length) {
        return Arrays.mismatch(block, 0, length, ZEROS, 0, length) < 0;
    }

    /**
     * Reads block {@code index} of {@code file} into {@code block} with positional reads, so many threads can share
     * one channel. A final partial block is zero-padded to the full size, because AWS accepts only whole blocks.
     */
    static void readBlock(FileChannel file, long fileSize, long index, byte[] block) throws IOException {
        long offset = index * BLOCK_SIZE;
        int length = (int) Math.min(BLOCK_SIZE, fileSize - offset);
        ByteBuffer buffer = ByteBuffer.wrap(block, 0, length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException("the file ended at " + (offset + buffer.position())
                        + " bytes while block " + index + " was read; was it truncated during the upload?");
            }
        }
        if (length < BLOCK_SIZE) {
            Arrays.fill(block, length, BLOCK_SIZE, (byte) 0);
        }
    }

    /** Writes {@code length} bytes of {@code block} at the block's offset, with positional writes. */
    static void writeBlock(FileChannel file, long index, byte[] block, int length) throws IOException {
        long offset = index * BLOCK_SIZE;
        ByteBuffer buffer = ByteBuffer.wrap(block, 0, length);
        while (buffer.hasRemaining()) {
            file.write(buffer, offset + buffer.position());
        }
    }
}
