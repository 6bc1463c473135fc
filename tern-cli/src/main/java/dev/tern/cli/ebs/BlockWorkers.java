package dev.tern.cli.ebs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed number of blocks in flight, like coldsnap's 64: one platform thread per block in flight, each with its own
 * 512 KiB buffer that is reused for every block it handles, so memory stays at concurrency x 512 KiB however large
 * the volume. The first failure stops new work and is rethrown to the caller.
 *
 * <p>Only as many blocks as there are processors are hashed and scanned at a time ({@link #onCpu}): 64 threads busy
 * on two cores would starve the JIT compiler threads, and SHA-256 would run unintrinsified for seconds.
 */
final class BlockWorkers implements AutoCloseable {
    /** The work on one block; {@code buffer} is the worker's own, {@link EbsBlocks#BLOCK_SIZE} bytes long. */
    @FunctionalInterface
    interface BlockTask {
        void run(byte[] buffer) throws Exception;
    }

    /** A block task failed; the cause says why. */
    static final class BlockFailure extends Exception {
        BlockFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final int concurrency;
    private final Semaphore slots;
    private final ExecutorService threads;
    private final Semaphore processors = new Semaphore(Runtime.getRuntime().availableProcessors());
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[EbsBlocks.BLOCK_SIZE]);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    BlockWorkers(String name, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code task}, first waiting while {@code concurrency} tasks are running. */
    void submit(BlockTask task) throws InterruptedException, BlockFailure {
        slots.acquire();
        Throwable failed = failure.get();
        if (failed != null) {
            slots.release();
            throw new BlockFailure(failed);
        }
        threads.execute(() -> {
            try {
                if (failure.get() == null) {
                    task.run(buffers.get());
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /** CPU-bound work of a task (hashing, scanning for zeros, copying); network waits stay outside. */
    <T> T onCpu(Retrier.Call<T> work) throws java.io.IOException, InterruptedException {
        processors.acquire();
        try {
            return work.call();
        } finally {
            processors.release();
        }
    }

    /** Waits for every submitted task; throws the first failure, if any. */
    void awaitAll() throws InterruptedException, BlockFailure {
        slots.acquire(concurrency);
        slots.release(concurrency);
        Throwable failed = failure.get();
        if (failed != null) {
            throw new BlockFailure(failed);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
