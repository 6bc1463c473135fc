package dev.tern.cli;

import dev.tern.config.ConfigException;
import dev.tern.kms.RootKey;
import dev.tern.server.Tern;
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
        Tern.Builder builder = Tern.builder().dataDir(dataDir).host(host).port(port).demo(demo);
        try {
            Path file = config != null ? config : envConfig();
            if (file != null) {
                builder.configFile(file);
            }
        } catch (ConfigException e) {
            System.err.println("tern: " + e.getMessage());
            return 2;
        }
        if (builder.configuration().accounts().isEmpty()) {
            System.err.println("tern: no accounts are configured, so no request can be signed; use --demo or --config");
        }
        Tern tern;
        try {
            // Returns once everything configured is served, the demo data included: the "listening on" line below
            // and the health check then mean ready.
            tern = builder.start();
        } catch (Tern.StartException e) {
            System.err.println("tern: cannot start: " + e.getMessage());
            return 1;
        }
        if (tern.services().rootKey().generated()) {
            System.err.println("tern: generated a new root key in " + tern.services().rootKey().source() + ". It wraps every "
                    + "KMS key: keep it, and keep it apart from the data directory; without it encrypted snapshots "
                    + "cannot be read. (" + RootKey.ENV + " or the configuration's rootKey can supply it instead.)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tern.close();
            } catch (Exception e) {
                System.err.println("tern: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "tern-shutdown"));
        System.out.println("listening on " + tern.endpoint());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static Path envConfig() {
        String env = System.getenv("TERN_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }
}
