package dev.tern;

import dev.tern.account.Accounts;
import dev.tern.catalog.Catalog;
import dev.tern.config.Regions;
import dev.tern.config.TernConfig;
import dev.tern.outposts.OutpostService;
import dev.tern.regions.RegionService;
import java.time.Clock;

/** Every service of one Tern process, built once from the configuration. No HTTP in here or below. */
public final class TernServices implements AutoCloseable {
    private final TernConfig config;
    private final Catalog catalog;
    private final Accounts accounts;
    private final Regions regions;
    private final Clock clock;
    private final RegionService regionService;
    private final OutpostService outpostService = new OutpostService();

    public TernServices(TernConfig config, Catalog catalog, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.clock = clock;
        this.accounts = new Accounts(config.accounts());
        this.regions = Regions.from(config.regions());
        this.regionService = new RegionService(regions);
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

    public OutpostService outposts() {
        return outpostService;
    }

    @Override
    public void close() {
        catalog.close();
    }
}
