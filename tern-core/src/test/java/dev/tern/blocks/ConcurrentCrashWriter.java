package dev.tern.blocks;

import dev.tern.catalog.Catalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;

/**
 * The child process of {@link ConcurrentCrashTest}: {@code THREADS} threads each write blocks 0, 1, 2, ... of their
 * own snapshot {@code PREFIX-t} at once (files over SQLite, so their commits are grouped), printing
 * {@code ACK t i} once block {@code i} of thread {@code t} has been written, until the process is killed.
 * <p>
 * Arguments: {@code DATA_DIR PREFIX THREADS}.
 */
public final class ConcurrentCrashWriter {
    static final String REGION = "us-east-1";

    private ConcurrentCrashWriter() {}

    static String snapshot(String prefix, int thread) {
        return prefix + "-" + thread;
    }

    /** Every fourth index holds the same content in every thread, so writers race to store it; the rest is unique. */
    static byte[] content(String prefix, int thread, int index) {
        byte[] data = new byte[SnapshotBlocks.BLOCK_SIZE];
        long seed = index % 4 == 0 ? index : ((long) prefix.hashCode() << 40) ^ ((long) thread << 20) ^ index;
        new Random(seed).nextBytes(data);
        return data;
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args[0]);
        String prefix = args[1];
        int threads = Integer.parseInt(args[2]);
        try (Catalog catalog = Catalog.open(null, dataDir);
             BlockStore store = BlockStores.open(BlockStoreConfig.files(), dataDir)) {
            SnapshotBlocks blocks = new SnapshotBlocks(catalog, store, Clock.systemUTC());
            Thread[] writers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers[t] = Thread.ofVirtual().start(() -> {
                    for (int i = 0; ; i++) {
                        blocks.write(REGION, snapshot(prefix, thread), i, content(prefix, thread, i));
                        synchronized (System.out) {
                            System.out.println("ACK " + thread + " " + i);
                            System.out.flush();
                        }
                    }
                });
            }
            for (Thread w : writers) {
                w.join();
            }
        }
    }
}
