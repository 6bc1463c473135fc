package dev.tern.junit;

import dev.tern.blocks.SnapshotBlocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * The bytes of a fixture's volume, handed out one 512 KiB block at a time so a large volume never sits in memory.
 * A final partial block is padded with zeros, as EBS pads it.
 */
abstract class BlockSource {
    static final int BLOCK = SnapshotBlocks.BLOCK_SIZE;

    /** How many bytes of data the volume starts with. */
    abstract long size();

    /** Fills {@code block} (all zeros on entry) with the bytes of block {@code index}. */
    abstract void fill(int index, byte[] block);

    int blocks() {
        return (int) ((size() + BLOCK - 1) / BLOCK);
    }

    /** The valid bytes of block {@code index}: a whole block, or fewer for the last. */
    int length(int index) {
        return (int) Math.min(BLOCK, size() - (long) index * BLOCK);
    }

    static BlockSource none() {
        return new BlockSource() {
            long size() {
                return 0;
            }

            void fill(int index, byte[] block) {}
        };
    }

    /** Pseudo-random bytes, the same for the same seed: each block from its own generator, so any block is cheap. */
    static BlockSource random(long bytes, long seed) {
        return new BlockSource() {
            long size() {
                return bytes;
            }

            void fill(int index, byte[] block) {
                byte[] data = new byte[length(index)];
                new Random(seed * 31 + index).nextBytes(data);
                System.arraycopy(data, 0, block, 0, data.length);
            }
        };
    }

    /** {@code pattern} repeated for {@code bytes} bytes. */
    static BlockSource pattern(byte[] pattern, long bytes) {
        if (pattern.length == 0) {
            throw new IllegalArgumentException("the pattern is empty");
        }
        byte[] p = pattern.clone();
        return new BlockSource() {
            long size() {
                return bytes;
            }

            void fill(int index, byte[] block) {
                long start = (long) index * BLOCK;
                for (int i = 0; i < length(index); i++) {
                    block[i] = p[(int) ((start + i) % p.length)];
                }
            }
        };
    }

    static BlockSource bytes(byte[] data) {
        byte[] d = data.clone();
        return new BlockSource() {
            long size() {
                return d.length;
            }

            void fill(int index, byte[] block) {
                System.arraycopy(d, index * BLOCK, block, 0, length(index));
            }
        };
    }

    /** The file's bytes, read block by block when the fixture is made. */
    static BlockSource file(Path file) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new BlockSource() {
            long size() {
                return size;
            }

            void fill(int index, byte[] block) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer buffer = ByteBuffer.wrap(block, 0, length(index));
                    long at = (long) index * BLOCK;
                    while (buffer.hasRemaining()) {
                        int n = ch.read(buffer, at + buffer.position());
                        if (n < 0) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        };
    }
}
