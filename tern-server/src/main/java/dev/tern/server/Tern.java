package dev.tern.server;

import dev.tern.TernServices;
import dev.tern.catalog.CatalogBaseline;
import dev.tern.config.ConfigException;
import dev.tern.config.ConfigLoader;
import dev.tern.config.DemoData;
import dev.tern.config.TernConfig;
import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.config.TernConfig.OutpostConfig;
import dev.tern.config.TernConfig.RegionConfig;
import dev.tern.demo.DemoSeed;
import dev.tern.kms.RootKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Tern as a library: {@code Tern.builder()...start()} returns a running server, the same one {@code tern server}
 * runs, for test harnesses and tools that want one in their own process.
 *
 * <pre>{@code
 * try (Tern tern = Tern.builder().account("111122223333", "AKIAEXAMPLE", "secret").regions("us-east-1").start()) {
 *     Ec2Client ec2 = Ec2Client.builder().endpointOverride(tern.endpoint())...;
 * }
 * }</pre>
 *
 * When {@link Builder#start()} returns, everything configured is served: the demo data too, when asked for. A start
 * that fails throws {@link StartException} with one line naming what could not be used, and leaves nothing behind
 * in a data directory it created. With no data directory given, a temporary one is made and deleted on close.
 */
public final class Tern implements AutoCloseable {
    private final TernApplication app;
    private final Path dataDir;
    /** The temporary directory this instance made and deletes on close; null for a data directory given. */
    private final Path temporary;
    private CatalogBaseline baseline;

    private Tern(TernApplication app, Path dataDir, Path temporary) {
        this.app = app;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint URL to give clients, e.g. {@code http://127.0.0.1:4566}. */
    public URI endpoint() {
        return URI.create(app.url());
    }

    public int port() {
        return app.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The services behind the endpoint, for harnesses that make fixtures without HTTP. */
    public TernServices services() {
        return app.services();
    }

    public TernApplication application() {
        return app;
    }

    /** Remembers the catalogue as it is now; {@link #reset()} returns to it. */
    public synchronized void markBaseline() {
        baseline = CatalogBaseline.capture(app.services().catalog());
    }

    /**
     * Puts the catalogue back to the last {@link #markBaseline()} (to the state right after the start when none was
     * marked): images, snapshots, keys and settings made since are gone, those made before are as they were.
     */
    public synchronized void reset() {
        if (baseline == null) {
            throw new IllegalStateException("no baseline: reset() returns to the state markBaseline() captured");
        }
        baseline.restore(app.services().catalog());
    }

    @Override
    public void close() throws Exception {
        try {
            app.close();
        } finally {
            if (temporary != null) {
                DataDirectory.deleteTree(temporary);
            }
        }
    }

    /** A start that could not complete; the message is one line naming what and why. */
    public static final class StartException extends Exception {
        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What to start. Everything is optional: by default a temporary data directory, SQLite, port 0, no accounts. */
    public static final class Builder {
        private TernConfig config = TernConfig.empty();
        private Path configDir;
        private Path dataDir;
        private String host = "127.0.0.1";
        private int port;
        private Clock clock;
        private boolean demo;
        private final List<Consumer<TernServices>> prepare = new ArrayList<>();

        private Builder() {}

        /** Starts from this configuration (what a YAML file holds); later calls add to it. */
        public Builder config(TernConfig config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        /** Reads the YAML configuration file; relative paths in it are resolved against its directory. */
        public Builder configFile(Path file) throws ConfigException {
            this.config = ConfigLoader.load(file);
            Path parent = file.toAbsolutePath().getParent();
            this.configDir = parent == null ? Path.of(".") : parent;
            return this;
        }

        /** Where relative paths in the configuration (TLS files, rootKey) are resolved; by default the working directory. */
        public Builder configDir(Path dir) {
            this.configDir = dir;
            return this;
        }

        /** Changes the configuration in ways the builder has no method for yet. */
        public Builder configure(UnaryOperator<TernConfig> change) {
            this.config = change.apply(config);
            return this;
        }

        /** Adds an account with one access key. */
        public Builder account(String accountId, String accessKeyId, String secretAccessKey) {
            List<AccountConfig> accounts = new ArrayList<>(config.accounts());
            accounts.add(new AccountConfig(accountId, null, List.of(new AccessKeyConfig(accessKeyId, secretAccessKey))));
            config = config.withAccounts(accounts);
            return this;
        }

        /** Serves these Regions only (by default all of AWS's commercial Regions are served). */
        public Builder regions(String... names) {
            List<RegionConfig> regions = new ArrayList<>();
            for (String name : names) {
                regions.add(config.regions().stream().filter(r -> r.name().equals(name)).findFirst()
                        .orElse(new RegionConfig(name, null, null, List.of())));
            }
            config = config.withRegions(regions);
            return this;
        }

        /** Adds an Outpost, by its ARN, to the Region the ARN names (which is added to the Regions when missing). */
        public Builder outpost(String arn) {
            String region = arn.split(":", 6).length > 3 ? arn.split(":", 6)[3] : "";
            List<RegionConfig> regions = new ArrayList<>(config.regions());
            int at = -1;
            for (int i = 0; i < regions.size(); i++) {
                if (regions.get(i).name().equals(region)) {
                    at = i;
                }
            }
            RegionConfig r = at < 0 ? new RegionConfig(region, null, null, List.of()) : regions.get(at);
            List<OutpostConfig> outposts = new ArrayList<>(r.outposts());
            outposts.add(new OutpostConfig(arn));
            RegionConfig changed = new RegionConfig(r.name(), r.partition(), r.supportsParavirtual(), outposts,
                    r.localZones());
            if (at < 0) {
                regions.add(changed);
            } else {
                regions.set(at, changed);
            }
            config = config.withRegions(regions);
            return this;
        }

        /** Adds a Local Zone (DestinationAvailabilityZone / DestinationAvailabilityZoneId) to a Region. */
        public Builder localZone(String region, String name, String zoneId, boolean requiresEncryption) {
            config = config.withLocalZone(region, name, zoneId, requiresEncryption);
            return this;
        }

        /** Adds a simulated link that caps copy traffic from one Region to another, e.g. {@code 256KiB/s}. */
        public Builder link(String from, String to, String bandwidth) {
            config = config.withLink(from, to, bandwidth, null);
            return this;
        }

        /** Makes simulated time (links, time-based copy deadlines) run {@code scale} times faster. */
        public Builder timeScale(double scale) {
            config = config.withTimeScale(scale);
            return this;
        }

        /** The catalogue's JDBC URL ({@code jdbc:postgresql:...}); by default SQLite in the data directory. */
        public Builder catalog(String jdbcUrl) {
            config = config.withCatalog(jdbcUrl);
            return this;
        }

        /** Snapshot blocks in an S3-compatible store ({@code s3://BUCKET/PREFIX}); by default files in the data directory. */
        public Builder blocks(String s3Uri, String endpoint, String accessKey, String secretKey) {
            config = config.withBlocks(s3Uri, endpoint, accessKey, secretKey);
            return this;
        }

        /** The data directory, kept after close; by default a temporary one, deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port; 0 (the default) takes a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The server's clock (tests move it); by default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Adds the demo account and data ({@code tern server --demo}), seeded before start() returns. */
        public Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        /** Work on the services before the first request is taken, such as fixtures every test needs. */
        public Builder beforeReady(Consumer<TernServices> work) {
            prepare.add(Objects.requireNonNull(work));
            return this;
        }

        /** The configuration as it stands, demo account included when asked for. */
        public TernConfig configuration() {
            return demo ? DemoData.addTo(config) : config;
        }

        /**
         * Starts the server; when this returns, everything configured (the demo data included) is served.
         *
         * @throws StartException with one line naming what could not be used and why; a data directory this start
         *     created is removed again
         */
        public Tern start() throws StartException {
            TernConfig cfg = configuration();
            Path temporary = null;
            Path dir = dataDir;
            try {
                if (dir == null) {
                    temporary = Files.createTempDirectory("tern-");
                    dir = temporary.resolve("data");
                    if (cfg.catalog() == null || cfg.catalog().isBlank()) {
                        SqliteTemplate.copyInto(dir);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (temporary != null) {
                    DataDirectory.deleteTree(temporary);
                }
                throw new StartException("cannot create a temporary data directory: " + e.getMessage(), e);
            }
            DataDirectory data = DataDirectory.prepare(dir, cfg);
            Path rootKeyFile = rootKeyFile(cfg, dir);
            boolean rootKeyExisted = rootKeyFile == null || Files.exists(rootKeyFile);
            TernApplication.Options options = new TernApplication.Options(cfg, dir, host, port, configDir, clock);
            TernApplication app = null;
            try {
                app = TernApplication.start(options, services -> {
                    if (demo) {
                        DemoSeed.seed(services);
                    }
                    prepare.forEach(p -> p.accept(services));
                });
                Tern tern = new Tern(app, dir, temporary);
                tern.markBaseline();
                return tern;
            } catch (Exception | Error e) {
                closeQuietly(app, e);
                if (temporary != null) {
                    DataDirectory.deleteTree(temporary);
                } else {
                    data.removeIfCreated();
                    if (!rootKeyExisted && data.created()) {
                        DataDirectory.deleteQuietly(rootKeyFile);
                    }
                }
                throw new StartException(data.explain(e), e);
            }
        }

        private static void closeQuietly(TernApplication app, Throwable failure) {
            if (app != null) {
                try {
                    app.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }

        private Path rootKeyFile(TernConfig cfg, Path dir) {
            String env = System.getenv(RootKey.ENV);
            if (env != null && !env.isBlank()) {
                return null;
            }
            return cfg.rootKey() != null && !cfg.rootKey().isBlank()
                    ? (configDir == null ? Path.of(".") : configDir).resolve(cfg.rootKey())
                    : RootKey.defaultFile(dir);
        }
    }
}
