package dev.tern;

import dev.tern.account.Accounts;
import dev.tern.catalog.Catalog;
import dev.tern.config.Regions;
import dev.tern.config.TernConfig;
import dev.tern.images.ImageService;
import dev.tern.images.ImageTagTarget;
import dev.tern.outposts.OutpostService;
import dev.tern.regions.RegionService;
import dev.tern.snapshots.SnapshotService;
import dev.tern.snapshots.SnapshotTagTarget;
import dev.tern.tags.TagService;
import java.time.Clock;
import java.util.List;

/** Every service of one Tern process, built once from the configuration. No HTTP in here or below. */
public final class TernServices implements AutoCloseable {
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

    public TernServices(TernConfig config, Catalog catalog, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.clock = clock;
        this.accounts = new Accounts(config.accounts());
        this.regions = Regions.from(config.regions());
        this.regionService = new RegionService(regions);
        this.tagService = new TagService(catalog, List.of(new ImageTagTarget(catalog.dialect()), new SnapshotTagTarget()));
        this.snapshotService = new SnapshotService(catalog, accounts, clock, tagService);
        this.imageService = new ImageService(config, catalog, accounts, clock, tagService, snapshotService);
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

    @Override
    public void close() {
        catalog.close();
    }
}
