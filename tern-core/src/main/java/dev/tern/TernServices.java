package dev.tern;

import dev.tern.account.AccountStore;
import dev.tern.account.Accounts;
import dev.tern.account.IdentityGeneration;
import dev.tern.blocks.BlockStore;
import dev.tern.blocks.BlockStoreConfig;
import dev.tern.blocks.BlockStores;
import dev.tern.blocks.BlockSweeper;
import dev.tern.blocks.BlockTransfer;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.config.Regions;
import dev.tern.config.TernConfig;
import dev.tern.copy.Copies;
import dev.tern.copy.CopyEngine;
import dev.tern.copy.CopyService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.tern.ebs.EbsService;
import dev.tern.encryption.EncryptionDefaults;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.ebs.SnapshotTimeouts;
import dev.tern.iam.IamService;
import dev.tern.iam.StsService;
import dev.tern.images.ImageService;
import dev.tern.images.ImageTagTarget;
import dev.tern.kms.KmsService;
import dev.tern.kms.RootKey;
import dev.tern.outposts.OutpostService;
import dev.tern.regions.RegionService;
import dev.tern.snapshots.SnapshotService;
import dev.tern.snapshots.SnapshotTagTarget;
import dev.tern.tags.TagService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Every service of one Tern process, built once from the configuration. No HTTP in here or below. */
public final class TernServices implements AutoCloseable {
    /** Freed blocks are deleted from the store this often. */
    public static final Duration GARBAGE_SWEEP_EVERY = Duration.ofMinutes(1);
    /** The whole store is listed for unreferenced objects this often: it is the costly sweep. */
    public static final Duration ORPHAN_SWEEP_EVERY = Duration.ofHours(1);
    /** Pending snapshots past their Timeout are moved to error within this long. */
    public static final Duration TIMEOUT_SWEEP_EVERY = Duration.ofSeconds(5);

    private final TernConfig config;
    private final Catalog catalog;
    private final Accounts accounts;
    private final Regions regions;
    private final Clock clock;
    private final RegionService regionService;
    private final TagService tagService;
    private final SnapshotService snapshotService;
    private final ImageService imageService;
    private final OutpostService outpostService = new OutpostService();
    private final BlockStore blockStore;
    private final SnapshotBlocks snapshotBlocks;
    private final EbsService ebsService;
    private final KmsService kmsService;
    private final IamService iamService;
    private final StsService stsService;
    private final EncryptionDefaults encryptionDefaults;
    private final RootKey rootKey;
    private final AutoCloseable blockSweeps;
    private final AutoCloseable timeoutSweeps;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Copies copies;

    /**
     * Opens the block store the configuration names (files under {@code dataDir} by default) and starts the
     * background sweeps: freed blocks, orphaned objects, and pending snapshots past their Timeout.
     * {@link #close()} stops them and closes the store and the catalogue.
     */
    public TernServices(TernConfig config, Catalog catalog, Path dataDir, Clock clock) {
        this(config, catalog, dataDir, clock, RootKey.load(null, config.rootKey(), Path.of("."), dataDir));
    }

    /** As above, with the root key KMS key material is wrapped under given rather than loaded from the configuration. */
    public TernServices(TernConfig config, Catalog catalog, Path dataDir, Clock clock, RootKey rootKey) {
        this.config = config;
        this.rootKey = rootKey;
        this.catalog = catalog;
        this.clock = clock;
        this.regions = Regions.from(config.regions());
        this.regionService = new RegionService(regions);
        this.tagService = new TagService(catalog, List.of(new ImageTagTarget(), new SnapshotTagTarget()));
        // KMS checks the root key against the catalogue first: access key secrets are sealed under it too.
        this.kmsService = new KmsService(catalog, clock, rootKey);
        new AccountStore(catalog, rootKey, clock).upsertConfigured(config.accounts());
        IdentityGeneration generation = new IdentityGeneration(catalog);
        this.accounts = new Accounts(catalog, rootKey, generation);
        this.iamService = new IamService(catalog, rootKey, clock, generation);
        this.stsService = new StsService(rootKey);
        this.blockStore = BlockStores.open(new BlockStoreConfig(config.blocks(), config.blocksEndpoint(),
                config.blocksAccessKey(), config.blocksSecretKey()), dataDir);
        this.snapshotBlocks = new SnapshotBlocks(catalog, blockStore, clock);
        this.snapshotService = new SnapshotService(catalog, accounts, clock, tagService, snapshotBlocks);
        this.imageService = new ImageService(config, catalog, accounts, clock, tagService, snapshotService);
        SnapshotTimeouts timeouts = new SnapshotTimeouts(catalog, snapshotBlocks, clock);
        this.encryptionDefaults = new EncryptionDefaults(catalog, kmsService);
        SnapshotEncryption snapshotEncryption = new SnapshotEncryption(catalog, kmsService);
        this.ebsService = new EbsService(catalog, clock, snapshotBlocks, snapshotService, tagService, timeouts,
                encryptionDefaults, snapshotEncryption);
        this.blockSweeps = new BlockSweeper(catalog, blockStore, clock)
                .startBackground(GARBAGE_SWEEP_EVERY, ORPHAN_SWEEP_EVERY, BlockSweeper.DEFAULT_ORPHAN_GRACE);
        this.timeoutSweeps = timeouts.startBackground(TIMEOUT_SWEEP_EVERY);
        this.copies = Copies.start(config, catalog, clock, accounts, regions, snapshotService, imageService,
                snapshotBlocks, new BlockTransfer(catalog, blockStore, clock), snapshotEncryption, encryptionDefaults,
                tagService, metrics);
    }

    /** CopyImage and CopySnapshot. */
    public CopyService copies() {
        return copies.service();
    }

    /** The copy engine's workers (tests and benchmarks look at its node name). */
    public CopyEngine copyEngine() {
        return copies.engine();
    }

    /** The process's metrics in the Prometheus text format, for {@code /_tern/metrics}. */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    public TernConfig config() {
        return config;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Regions regions() {
        return regions;
    }

    public Clock clock() {
        return clock;
    }

    public RegionService regionService() {
        return regionService;
    }

    public TagService tags() {
        return tagService;
    }

    public SnapshotService snapshots() {
        return snapshotService;
    }

    public ImageService images() {
        return imageService;
    }

    public OutpostService outposts() {
        return outpostService;
    }

    public SnapshotBlocks snapshotBlocks() {
        return snapshotBlocks;
    }

    public EbsService ebs() {
        return ebsService;
    }

    public KmsService kms() {
        return kmsService;
    }

    /** IAM users, access keys and policies (global: per account, not per Region). */
    public IamService iam() {
        return iamService;
    }

    public StsService sts() {
        return stsService;
    }

    public EncryptionDefaults encryptionDefaults() {
        return encryptionDefaults;
    }

    public RootKey rootKey() {
        return rootKey;
    }

    @Override
    public void close() {
        try {
            closeQuietly(copies);
            closeQuietly(timeoutSweeps);
            closeQuietly(blockSweeps);
            blockStore.close();
        } finally {
            catalog.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Stopping a sweep only interrupts its thread; nothing is left to undo.
        }
    }
}
