package dev.tern.cli;

import dev.tern.config.ConfigException;
import dev.tern.config.ConfigLoader;
import dev.tern.config.DemoData;
import dev.tern.config.TernConfig;
import dev.tern.demo.DemoSeed;
import dev.tern.kms.RootKey;
import dev.tern.server.TernApplication;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tern server}: runs the AWS-compatible endpoint until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Tern endpoint (EC2 Query, Outposts; more protocols as they land).")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (also: TERN_CONFIG).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./tern-data",
            description = "Where the catalogue and blocks live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "4566", description = "Port; 0 takes a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--demo", description = "Add the demo account 123456789012 (key AKIAIOSFODNN7EXAMPLE) and its data: "
            + "AMI ami-066877671789bd71b on an 8 GiB snapshot with 64 MiB of data, in us-west-2.")
    boolean demo;

    @Override
    public Integer call() throws Exception {
        TernConfig cfg;
        Path configDir = Path.of(".");
        try {
            Path file = config != null ? config : envConfig();
            cfg = file == null ? TernConfig.empty() : ConfigLoader.load(file);
            if (file != null && file.toAbsolutePath().getParent() != null) {
                configDir = file.toAbsolutePath().getParent();
            }
        } catch (ConfigException e) {
            System.err.println("tern: " + e.getMessage());
            return 2;
        }
        if (demo) {
            cfg = DemoData.addTo(cfg);
        }
        if (cfg.accounts().isEmpty()) {
            System.err.println("tern: no accounts are configured, so no request can be signed; use --demo or --config");
        }
        TernApplication app;
        try {
            app = TernApplication.start(new TernApplication.Options(cfg, dataDir, host, port, configDir, null));
        } catch (Exception e) {
            System.err.println("tern: cannot start: " + describe(e));
            return 1;
        }
        if (app.services().rootKey().generated()) {
            System.err.println("tern: generated a new root key in " + app.services().rootKey().source() + ". It wraps every "
                    + "KMS key: keep it, and keep it apart from the data directory; without it encrypted snapshots "
                    + "cannot be read. (" + RootKey.ENV + " or the configuration's rootKey can supply it instead.)");
        }
        if (demo) {
            // Before the "listening on" line, so whoever waits for that line finds the demo image there.
            try {
                DemoSeed.seed(app.services());
            } catch (RuntimeException e) {
                System.err.println("tern: the demo data could not be seeded: " + describe(e));
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (Exception e) {
                System.err.println("tern: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "tern-shutdown"));
        System.out.println("listening on " + app.url());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    private static Path envConfig() {
        String env = System.getenv("TERN_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }
}
