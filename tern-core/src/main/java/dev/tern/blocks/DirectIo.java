package dev.tern.blocks;

import com.sun.nio.file.ExtendedOpenOption;
import dev.tern.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes new files and reads whole files with O_DIRECT: the bytes move between an aligned buffer of ours and the
 * disk, past the page cache.
 * <p>
 * Why: a block store writes far more than anyone reads back soon, and copying every byte into freshly allocated
 * page-cache pages is what a buffered write (or a read of a block not yet cached) costs most. On a virtual machine
 * that copy can run at a few hundred MB/s, well below the disk, and it is CPU that hashing and the network need.
 * Direct I/O costs one memcpy through a pooled buffer. Where the file system refuses O_DIRECT (tmpfs, say),
 * {@link #probe} finds no support and the store reads and writes through the page cache.
 */
final class DirectIo {
    /** Buffers kept for reuse: enough for every write in flight on a busy server, ~32 MiB at most. */
    private static final int POOLED = 64;

    private final int alignment;
    private final byte[] zeros;
    private final BlockingQueue<ByteBuffer> pool = new ArrayBlockingQueue<>(POOLED);

    private DirectIo(int alignment) {
        this.alignment = alignment;
        this.zeros = new byte[alignment];
    }

    /** Direct I/O in {@code dir}, if its file system takes it; tried once by writing a small file. */
    static Optional<DirectIo> probe(Path dir) {
        Path probe = dir.resolve(".direct-probe-" + UUID.randomUUID());
        try {
            int alignment = (int) Math.max(4096, Files.getFileStore(dir).getBlockSize());
            DirectIo writes = new DirectIo(alignment);
            writes.write(probe, new byte[1]);
            return Optional.of(writes);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // A stray probe file in .incoming is removed with the other leftovers.
            }
        }
    }

    /**
     * Creates {@code file} (it must not exist) holding exactly {@code data}, forced to disk with its size. The write
     * is rounded up to the alignment and the file cut back to {@code data.length}.
     */
    void write(Path file, byte[] data) throws IOException {
        int padded = padded(data.length);
        ByteBuffer buffer = take(padded);
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT), PrivateFiles.file())) {
            buffer.clear().put(data);
            // Zero the padding: it never reaches a reader (the file is cut back) but must not carry an old block.
            buffer.put(zeros, 0, padded - data.length);
            buffer.flip();
            while (buffer.hasRemaining()) {
                ch.write(buffer, buffer.position());
            }
            if (padded != data.length) {
                ch.truncate(data.length);
            }
            ch.force(true);
        } finally {
            give(buffer);
        }
    }

    /** The whole of {@code file}, read with O_DIRECT. */
    byte[] read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - alignment) {
                throw new IOException(file + " is too large for one read: " + size + " bytes");
            }
            byte[] data = new byte[(int) size];
            ByteBuffer buffer = take(padded(data.length));
            try {
                // Aligned reads of the padded length: one that comes back short has reached the end of the file (and
                // another would start at an unaligned position, which O_DIRECT refuses).
                while (buffer.hasRemaining()) {
                    if (ch.read(buffer, buffer.position()) <= 0 || buffer.position() % alignment != 0) {
                        break;
                    }
                }
                if (buffer.position() < data.length) {
                    throw new IOException(file + " ended after " + buffer.position() + " of " + data.length + " bytes");
                }
                buffer.flip().get(data, 0, data.length);
            } finally {
                give(buffer);
            }
            return data;
        }
    }

    /** {@code length} rounded up to whole aligned units, at least one: what O_DIRECT transfers. */
    private int padded(int length) {
        return Math.ceilDiv(Math.max(length, 1), alignment) * alignment;
    }

    private ByteBuffer take(int size) {
        ByteBuffer pooled = pool.poll();
        if (pooled != null && pooled.capacity() >= size) {
            return pooled.limit(size);
        }
        // Room for a sealed block too, so one pool serves blocks in the clear and sealed ones alike.
        int capacity = Math.max(size, SnapshotBlocks.BLOCK_SIZE + alignment);
        return ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment).limit(size);
    }

    private void give(ByteBuffer buffer) {
        pool.offer(buffer.clear());
    }
}
