package dev.tern.cli;

import dev.tern.cli.aws.AwsCli;
import dev.tern.config.DemoData;
import dev.tern.config.TernConfig;
import dev.tern.server.TernApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tern training-run} (hidden): what the {@code tern} launcher runs once per build of the jar to make the JVM's
 * AOT cache (JDK 25+). It does, in one JVM, what users do most: starts a server, uploads a random image with
 * {@code tern ebs upload-snapshot} and downloads it again, through the very commands users run. The cache then holds
 * those classes already loaded and linked, and profiles of their hot code, so later runs start and reach full speed
 * sooner.
 */
@Command(name = "training-run", hidden = true, description = "Exercise tern once, for the JVM's AOT cache.")
final class TrainingCommand implements Callable<Integer> {
    private static final int IMAGE_MIB = 48;
    private static final int ROUNDS = 2;

    @CommandLine.Option(names = "--aws-commands-against", paramLabel = "URL", description = "Only run the AWS "
            + "commands, against the Tern server at URL: the training run of the AWS commands' own, smaller cache.")
    String awsOnly;

    @Override
    public Integer call() throws Exception {
        if (awsOnly != null) {
            trainAws(awsOnly);
            return 0;
        }
        Path dir = Files.createTempDirectory("tern-training");
        try {
            TernConfig config = DemoData.addTo(TernConfig.empty());
            try (TernApplication app = TernApplication.start(
                    new TernApplication.Options(config, dir.resolve("data"), "127.0.0.1", 0, dir, null))) {
                // The clients find credentials in the SDK's default chain; its system properties come first.
                System.setProperty("aws.accessKeyId", DemoData.ACCESS_KEY_ID);
                System.setProperty("aws.secretAccessKey", DemoData.SECRET_ACCESS_KEY);
                Path image = dir.resolve("image");
                byte[] data = new byte[IMAGE_MIB << 20];
                new Random().nextBytes(data);
                Files.write(image, data);
                for (int round = 0; round < ROUNDS; round++) {
                    String snapshotId = run("ebs", "upload-snapshot", image.toString(), "--wait", "--no-progress",
                            "--region", "us-east-1", "--endpoint-url", app.url()).strip();
                    run("ebs", "download-snapshot", snapshotId, dir.resolve("out").toString(), "--no-progress",
                            "--region", "us-east-1", "--endpoint-url", app.url());
                }
                trainAws(app.url());
            }
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private static final String[][] AWS_COMMANDS = {
        {"ec2", "describe-regions"},
        {"ec2", "describe-images", "--owners", "self", "--query", "Images[].ImageId"},
        {"ec2", "describe-snapshots", "--owner-ids", "self", "--filters", "Name=status,Values=completed"},
        {"ec2", "describe-images", "--image-ids", "ami-00000000000000000"},
        {"kms", "list-keys"},
        {"kms", "describe-key", "--key-id", "alias/aws/ebs"},
        {"outposts", "list-outposts"},
    };

    /** The AWS commands, in each output format: their start-up is what users wait for most often. */
    private static void trainAws(String url) {
        for (int round = 0; round < ROUNDS; round++) {
            for (String output : new String[] {"json", "text", "table", "yaml", "yaml-stream"}) {
                for (String[] command : AWS_COMMANDS) {
                    runAws(url, output, command);
                }
            }
        }
    }

    /** Runs an AWS command of tern in this JVM, as the demo account (the default on a local endpoint). */
    private static void runAws(String url, String output, String[] command) {
        List<String> args = new ArrayList<>(List.of("--endpoint-url", url, "--output", output));
        args.addAll(List.of(command));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int status = new AwsCli(sink, sink, Map.of()).run(args.toArray(String[]::new));
        if (status != 0 && status != 254) {
            throw new IllegalStateException("tern " + String.join(" ", args) + " failed with status " + status);
        }
    }

    /** Runs a tern command in this JVM and returns what it printed. */
    private static String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = new CommandLine(new TernMain()).execute(args);
        } finally {
            System.setOut(out);
        }
        if (status != 0) {
            throw new IllegalStateException("tern " + String.join(" ", args) + " failed with status " + status);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
