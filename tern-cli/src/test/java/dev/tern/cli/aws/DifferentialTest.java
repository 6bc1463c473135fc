package dev.tern.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.DemoData;
import dev.tern.junit.TernExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern} against the AWS CLI v2: each line of {@code differential/invocations.txt} is run by both against
 * the same Tern server, and must give the same exit status and, once IDs and times are normalised, the same stdout
 * byte for byte. What the AWS CLI printed is kept in {@code differential/expected/NN.txt}, so without the AWS CLI
 * on the machine the test still holds tern to it; with it ({@code /usr/bin/aws}, or {@code TERN_AWS_CLI}), tern is
 * compared with the live AWS CLI as well. {@code -Dtern.differential.record=DIR} rewrites the expected files in
 * DIR from the AWS CLI.
 *
 * <p>The reference AWS CLI (Debian 12's, 2.9.19) carries the EC2 model of early 2023. Members added to the model
 * since, and shapes whose member order changed since, differ from it by design (tern follows the SDK's newer
 * model, as a current AWS CLI does); the invocations select around those with {@code --query} or a format that
 * sorts keys (text, table, YAML).
 */
class DifferentialTest {
    @RegisterExtension
    static TernExtension tern = TernExtension.builder().demo(true).build();
    @TempDir
    static Path dir;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        url = tern.endpoint().toString();
        Files.writeString(dir.resolve("in.json"), "{\"ImageIds\": [\"ami-066877671789bd71b\"]}");
        Files.writeString(dir.resolve("in.yaml"), "ImageIds:\n- ami-066877671789bd71b\n");
        Files.writeString(dir.resolve("filters.json"), "[{\"Name\": \"name\", \"Values\": [\"tern-demo-*\"]}]");
        Files.writeString(dir.resolve("plain.bin"), "hello tern");
    }

    /** What a run printed; stderr is compared only for lines marked {@code 2>} (usage errors and the like). */
    record Result(int status, String stdout, String stderr) {
        String normalised(boolean withStderr) {
            return "exit " + status + "\n" + Normalise.ids(stdout)
                    + (withStderr ? "--- stderr\n" + Normalise.ids(stderr) : "");
        }
    }

    @TestFactory
    Stream<DynamicTest> invocations() throws Exception {
        List<String> lines = resource("differential/invocations.txt").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(40);
        String aws = awsCli();
        String record = System.getProperty("tern.differential.record");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            boolean withStderr = lines.get(i).startsWith("2> ");
            String line = withStderr ? lines.get(i).substring(3) : lines.get(i);
            String name = String.format("%02d", i + 1);
            tests.add(DynamicTest.dynamicTest(name + ": " + line, () -> {
                List<String> args = Words.split(line.replace("{dir}", dir.toString()));
                Result mine = tern(args);
                if (aws != null) {
                    Result theirs = aws(aws, args);
                    if (record != null) {
                        Files.writeString(Path.of(record, name + ".txt"), theirs.normalised(withStderr));
                    }
                    assertThat(mine.normalised(withStderr)).as("tern against the AWS CLI: %s", line)
                            .isEqualTo(theirs.normalised(withStderr));
                }
                assertThat(mine.normalised(withStderr)).as("tern against the AWS CLI's recorded answer: %s", line)
                        .isEqualTo(resource("differential/expected/" + name + ".txt"));
            }));
        }
        return tests.stream();
    }

    private static Result tern(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--endpoint-url", url));
        all.addAll(args);
        int status = new AwsCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env()).run(all.toArray(String[]::new));
        // The program's own name is the one difference tern keeps in its messages.
        return new Result(status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8).replaceAll("\\btern\\b", "aws"));
    }

    private static Result aws(String aws, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws, "--endpoint-url", url));
        cmd.addAll(args);
        Path stderr = Files.createTempFile(dir, "aws", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(env());
        Process p = pb.start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8), Files.readString(stderr));
    }

    private static Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", DemoData.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", DemoData.SECRET_ACCESS_KEY,
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", "");
    }

    /** The AWS CLI v2 to compare with, or null when there is none. */
    private static String awsCli() throws Exception {
        String configured = System.getenv("TERN_AWS_CLI");
        String candidate = configured != null ? configured : "/usr/bin/aws";
        if (!Files.isExecutable(Path.of(candidate))) {
            return null;
        }
        Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return version.startsWith("aws-cli/2") ? candidate : null;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DifferentialTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
