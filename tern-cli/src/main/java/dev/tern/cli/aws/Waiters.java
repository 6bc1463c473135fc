package dev.tern.cli.aws;

import dev.tern.cli.host.Host;
import dev.tern.cli.host.Terminal;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * {@code tern ec2 wait image-available | image-exists | snapshot-completed}: the SDK's EC2 waiters, whose acceptors
 * and timing (every 15 s, at most 40 times) come from the same model as the AWS CLI's. The options are those of
 * the describe operation polled. Success prints nothing and exits 0; a failure state or running out of attempts
 * prints {@code Waiter X failed: ...} and exits 255. On a terminal, a progress line per snapshot is drawn on stderr.
 */
final class Waiters {
    private record Waiter(String name, String operation) {}

    private static final Map<String, Waiter> EC2 = new LinkedHashMap<>();

    static {
        EC2.put("image-available", new Waiter("ImageAvailable", "describe-images"));
        EC2.put("image-exists", new Waiter("ImageExists", "describe-images"));
        EC2.put("snapshot-completed", new Waiter("SnapshotCompleted", "describe-snapshots"));
    }

    private final AwsCli cli;
    private final Service service;

    Waiters(AwsCli cli, Service service) {
        this.cli = cli;
        this.service = service;
    }

    int run(AwsCli.Split split) {
        if (service != Service.EC2) {
            return cli.usageError("argument operation: Invalid choice: " + service.command + " has no waiters");
        }
        String name = split.after().isEmpty() ? null : split.after().get(0);
        if (name == null || name.equals("help") || name.equals("--help")) {
            cli.out().print("tern ec2 wait WAITER [options of the describe operation]\n\nWaiters:\n"
                    + String.join("\n", EC2.keySet().stream().map(k -> "  " + k + " (polls "
                    + EC2.get(k).operation + " every 15 s, at most 40 times)").toList()) + "\n");
            return name == null ? AwsCli.USAGE : AwsCli.OK;
        }
        Waiter waiter = EC2.get(name);
        if (waiter == null) {
            return cli.usageError("argument subcommand: Invalid choice, valid choices are:\n\n"
                    + String.join(" | ", EC2.keySet()) + "\n");
        }
        Operation op = Operation.find(service, waiter.operation);
        OperationArgs parsed = new OperationArgs(op);
        List<String> all = new ArrayList<>(split.before());
        all.addAll(split.after().subList(1, split.after().size()));
        try {
            CommandLine cl = new CommandLine(parsed.spec);
            cl.setOverwrittenOptionsAllowed(true);
            cl.parseArgs(all.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return cli.usageError(e.getMessage());
        }
        GlobalOptions g = parsed.globals;
        PrintStream err = cli.err();
        try {
            cli.debug(g);
            CliConfig config = new CliConfig(g, cli.host());
            Object request = ((Buildable) ModelJson.read(op.newRequestBuilder(),
                    parsed.typed(config.binaryFormat(), cli.files()), "")).build();
            URI endpoint = config.endpoint(service);
            try (SdkHttpClient http = ClientFactory.http(g, config.caBundle(), endpoint);
                 Ec2Client ec2 = (Ec2Client) ClientFactory.client(service, config, endpoint, http);
                 Ec2Waiter w = Ec2Waiter.builder().client(ec2).build();
                 AutoCloseable progress = progress(ec2, request, err, cli.host().terminal())) {
                switch (waiter.name) {
                    case "ImageAvailable" -> w.waitUntilImageAvailable((DescribeImagesRequest) request)
                            .matched().exception().ifPresent(Waiters::rethrow);
                    case "ImageExists" -> w.waitUntilImageExists((DescribeImagesRequest) request)
                            .matched().exception().ifPresent(Waiters::rethrow);
                    default -> w.waitUntilSnapshotCompleted((DescribeSnapshotsRequest) request)
                            .matched().exception().ifPresent(Waiters::rethrow);
                }
            }
            return AwsCli.OK;
        } catch (Host.InProcessOnly e) {
            return AwsCli.IN_PROCESS_ONLY;
        } catch (ParamException e) {
            err.println();
            err.println(e.getMessage());
            return AwsCli.USAGE;
        } catch (CliConfig.ConfigException e) {
            err.println();
            err.println(e.getMessage());
            return AwsCli.CONFIG;
        } catch (AwsServiceException e) {
            err.println();
            err.println("Waiter " + waiter.name + " failed: " + AwsCli.serviceError(e, op.name));
            return AwsCli.OTHER;
        } catch (SdkClientException e) {
            err.println();
            err.println("Waiter " + waiter.name + " failed: " + waiterMessage(e.getMessage()));
            return AwsCli.OTHER;
        } catch (Exception e) {
            err.println();
            err.println(e.getMessage());
            return AwsCli.OTHER;
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(t);
    }

    private static String waiterMessage(String sdk) {
        if (sdk != null && sdk.contains("max retry attempts")) {
            return "Max attempts exceeded";
        }
        if (sdk != null && sdk.contains("failure state")) {
            return "Waiter encountered a terminal failure state";
        }
        return sdk;
    }

    /** On a terminal, the snapshots' progress every 2 s: bytes copied of each, the rate, and the time left. */
    private static AutoCloseable progress(Ec2Client ec2, Object request, PrintStream err, Terminal terminal) {
        if (!terminal.stdout() && !terminal.stdin()) {
            return () -> { };
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-wait-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            try {
                List<String> ids = snapshotIds(ec2, request);
                if (ids.isEmpty()) {
                    return;
                }
                StringBuilder line = new StringBuilder("\r");
                for (Snapshot s : ec2.describeSnapshots(b -> b.snapshotIds(ids)).snapshots()) {
                    line.append(ProgressLine.of(s, (System.nanoTime() - start) / 1e9)).append("  ");
                }
                err.print(line);
                err.flush();
            } catch (RuntimeException ignored) {
                // progress is a courtesy; the waiter reports the real errors
            }
        }, 0, 2, TimeUnit.SECONDS);
        return () -> {
            timer.shutdownNow();
            err.print("\r\u001b[K");
            err.flush();
        };
    }

    private static List<String> snapshotIds(Ec2Client ec2, Object request) {
        if (request instanceof DescribeSnapshotsRequest r) {
            return r.snapshotIds();
        }
        List<String> ids = new ArrayList<>();
        ec2.describeImages((DescribeImagesRequest) request).images().forEach(i -> i.blockDeviceMappings()
                .forEach(m -> {
                    if (m.ebs() != null && m.ebs().snapshotId() != null) {
                        ids.add(m.ebs().snapshotId());
                    }
                }));
        return ids;
    }
}
