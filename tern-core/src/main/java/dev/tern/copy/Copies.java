package dev.tern.copy;

import dev.tern.account.Accounts;
import dev.tern.blocks.BlockTransfer;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.config.Regions;
import dev.tern.config.TernConfig;
import dev.tern.encryption.EncryptionDefaults;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.images.ImageService;
import dev.tern.snapshots.SnapshotService;
import dev.tern.tags.TagService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** The copy capability of one Tern process: the request side ({@link CopyService}) and the workers ({@link CopyEngine}). */
public final class Copies implements AutoCloseable {
    private final CopyService service;
    private final CopyEngine engine;

    private Copies(CopyService service, CopyEngine engine) {
        this.service = service;
        this.engine = engine;
    }

    /** Wires the copy engine to the services it uses, makes deletions stop copies, and starts the workers. */
    public static Copies start(TernConfig config, Catalog catalog, Clock clock, Accounts accounts, Regions regions,
            SnapshotService snapshots, ImageService images, SnapshotBlocks blocks, BlockTransfer transfer,
            SnapshotEncryption encryption, EncryptionDefaults encryptionDefaults, TagService tags,
            MeterRegistry registry) {
        TernConfig.CopyConfig copy = config.copy();
        CopyMetrics metrics = new CopyMetrics(registry,
                ignored -> catalog.read(h -> h.createQuery("SELECT COUNT(*) FROM copy_tasks WHERE state IN"
                        + " ('QUEUED', 'RUNNING')").mapTo(Long.class).one()),
                pair -> catalog.read(h -> CopyTasks.reservedBetween(h, pair[0], pair[1])).doubleValue());
        CopyRun.Services services = new CopyRun.Services(accounts, regions, snapshots, images, blocks, transfer,
                encryption, encryptionDefaults, new LinkScheduler(config.links(), copy.timeScale()), metrics);
        CopyEngine engine = new CopyEngine(copy, catalog, clock, services);
        snapshots.onPendingCopies(engine);
        images.onPendingCopies(engine);
        CopyService service = new CopyService(copy, catalog, regions, clock, images, snapshots, transfer, tags,
                encryptionDefaults, engine);
        engine.start();
        return new Copies(service, engine);
    }

    public CopyService service() {
        return service;
    }

    public CopyEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.close();
    }
}
