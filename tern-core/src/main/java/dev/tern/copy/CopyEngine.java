package dev.tern.copy;

import dev.tern.catalog.Catalog;
import dev.tern.catalog.Dialect;
import dev.tern.config.TernConfig.CopyConfig;
import dev.tern.snapshots.PendingCopies;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy engine's workers (docs/copying.md, "How a copy runs"). Each of {@code copy.workers} threads claims the
 * most due task with a lease in the catalogue, works on it for a slice of time ({@link CopyRun}), and gives it back,
 * so every copy progresses and time-based copies are served first. A node that dies holds its tasks only until
 * their leases run out; then any node sharing the catalogue takes them over from their last recorded block.
 */
public final class CopyEngine implements PendingCopies, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CopyEngine.class);
    /** How long a worker works on one task before giving it back for the next. */
    static final long SLICE_NANOS = 1_000_000_000L;
    /** An idle worker looks for work this often, and at once when a copy is requested on this node. */
    private static final long IDLE_POLL_MILLIS = 250;

    private final CopyConfig config;
    private final Catalog catalog;
    private final Clock clock;
    private final CopyRun.Services services;
    private final String node;
    private final ExecutorService blockPool;
    private final List<Thread> workers = new ArrayList<>();
    private final Object idle = new Object();
    private final AtomicInteger wakeups = new AtomicInteger();
    private volatile boolean running;

    CopyEngine(CopyConfig config, Catalog catalog, Clock clock, CopyRun.Services services) {
        this.config = config;
        this.catalog = catalog;
        this.clock = clock;
        this.services = services;
        byte[] id = new byte[6];
        new java.security.SecureRandom().nextBytes(id);
        this.node = "node-" + HexFormat.of().formatHex(id);
        int parallel = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        this.blockPool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "tern-copy-blocks");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the workers. On SQLite the catalogue belongs to this one process, so leases left by an earlier process
     * (killed mid-copy) are given up at once and its copies resume now rather than after the lease time.
     */
    public CopyEngine start() {
        if (catalog.dialect() == Dialect.SQLITE) {
            catalog.useTransaction(h -> h.createUpdate("UPDATE copy_tasks SET lease_until = 0"
                    + " WHERE state IN ('QUEUED', 'RUNNING')").execute());
        }
        running = true;
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(this::work, "tern-copy-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        return this;
    }

    /** This node's name in the leases it takes. */
    public String node() {
        return node;
    }

    /** Tells idle workers there is new work. */
    public void wake() {
        wakeups.incrementAndGet();
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private void work() {
        long leaseMillis = config.leaseSeconds() * 1000L;
        while (running) {
            int seen = wakeups.get();
            Optional<CopyTask> claimed;
            try {
                claimed = catalog.inTransaction(h -> CopyTasks.claim(h, node, clock.millis(), leaseMillis));
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("copy worker could not claim a task: {}", e.toString());
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                synchronized (idle) {
                    if (running && wakeups.get() == seen) {
                        try {
                            idle.wait(IDLE_POLL_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                continue;
            }
            new CopyRun(claimed.get(), services, catalog, clock, config, blockPool, leaseMillis).runSlice(SLICE_NANOS);
        }
    }

    @Override
    public void stopCopyInto(Handle h, String snapshotId) {
        CopyTasks.activeIntoSnapshot(h, snapshotId).ifPresent(t -> cancel(h, t, "its destination snapshot was deleted"));
    }

    @Override
    public void stopCopiesOf(Handle h, String imageId) {
        for (CopyTask t : CopyTasks.ofImage(h, imageId)) {
            if (t.state().isActive()) {
                cancel(h, t, "its image was deregistered");
            }
            services.snapshots().find(h, t.destSnapshotId(), t.destRegion())
                    .ifPresent(s -> services.snapshots().discard(h, s.snapshotId()));
        }
    }

    private void cancel(Handle h, CopyTask t, String reason) {
        if (CopyTasks.end(h, t.taskId(), CopyTaskState.CANCELLED, null, "The copy was stopped: " + reason + ".",
                clock.millis())) {
            CopyLog.changed(t, CopyTaskState.CANCELLED, t.mode(), t.bytesMoved(), reason);
        }
    }

    /** Stops the workers and gives their leases back, so another node (or the next start) resumes at once. */
    @Override
    public void close() {
        running = false;
        wake();
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        blockPool.shutdownNow();
        try {
            catalog.useTransaction(h -> h.createUpdate("UPDATE copy_tasks SET lease_until = 0 WHERE lease_owner = :node"
                    + " AND state IN ('QUEUED', 'RUNNING')").bind("node", node).execute());
        } catch (RuntimeException e) {
            // The leases then run out by themselves.
        }
    }
}
