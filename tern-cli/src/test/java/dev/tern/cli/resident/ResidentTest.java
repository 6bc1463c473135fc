package dev.tern.cli.resident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.aws.AwsCli;
import dev.tern.cli.host.Host;
import dev.tern.cli.host.Terminal;
import dev.tern.junit.TernExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident process (docs/cli.md, "Start-up") against a real Tern server: a command run through it prints the
 * same bytes and exits with the same status as in-process, with the caller's directory, environment and terminal,
 * and hands back what only the caller can run.
 */
class ResidentTest {
    private static final String KEY = "test build";

    @RegisterExtension
    static TernExtension tern = TernExtension.builder().demo(true).build();

    @TempDir
    static Path dir;
    private static Resident resident;
    private static Path socket;

    @BeforeAll
    static void startResident() throws IOException {
        socket = dir.resolve("r.sock");
        resident = new Resident(socket, KEY);
        resident.listen();
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                resident.serve();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    static void stopResident() throws IOException {
        resident.stop();
    }

    record Result(int status, String out, String err) {}

    private static Result viaResident(Path cwd, Map<String, String> env, Terminal terminal, String... args)
            throws IOException {
        return viaResident(KEY, cwd, env, terminal, args);
    }

    private static Result viaResident(String key, Path cwd, Map<String, String> env, Terminal terminal,
                                      String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ResidentClient.exchange(ResidentClient.connect(socket),
                new Frames.Request(key, cwd.toString(), env, terminal, List.of(args)), out, err);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result inProcess(Host host, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new AwsCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), host).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A caller's environment: what the SDK reads itself as in this JVM (a resident runs nothing else), and the
     * given variables.
     */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(AwsCli.sdkEnvironment(System.getenv()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String[] withEndpoint(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", tern.endpoint().toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    @DisplayName("a command prints the same stdout and stderr and exits with the same status as in-process")
    void sameAsInProcess() throws IOException {
        Map<String, String> env = env("HOME", dir.toString());
        String[][] commands = {
            withEndpoint("ec2", "describe-regions"),
            withEndpoint("--output", "table", "ec2", "describe-regions", "--region-names", "us-east-1"),
            withEndpoint("--output", "text", "ec2", "describe-images", "--owners", "self"),
            withEndpoint("ec2", "describe-images", "--image-ids", "ami-00000000000000000"),
            withEndpoint("ec2", "copy-image", "--name", "n"),
            withEndpoint("ec2", "describe-regions", "--query", "Regions[?"),
            {"ec2", "copy-image", "help"},
        };
        for (String[] args : commands) {
            Result resident = viaResident(dir, env, Terminal.NONE, args);
            Result local = inProcess(new Host(env, dir, Terminal.NONE, false), args);
            assertThat(resident).as(String.join(" ", args)).isEqualTo(local);
        }
        assertThat(viaResident(dir, env, Terminal.NONE, withEndpoint("ec2", "describe-images", "--image-ids",
                "ami-00000000000000000")).status()).isEqualTo(254);
    }

    @Test
    @DisplayName("relative file:// paths, ~ and AWS_CONFIG_FILE are the caller's, not the resident's")
    void theCallersDirectoryHomeAndConfig() throws IOException {
        Path cwd = Files.createDirectories(dir.resolve("caller"));
        Files.writeString(cwd.resolve("in.json"), "{\"RegionNames\": [\"eu-west-1\"]}");
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("names.json"), "[\"ap-south-1\"]");
        Files.writeString(cwd.resolve("config"), "[profile p]\noutput = text\n");
        Map<String, String> env = env("HOME", home.toString(), "AWS_CONFIG_FILE", "config");

        Result fromCwd = viaResident(cwd, env, Terminal.NONE,
                withEndpoint("ec2", "describe-regions", "--cli-input-json", "file://in.json"));
        assertThat(fromCwd.status()).as(fromCwd.err()).isZero();
        assertThat(fromCwd.out()).contains("\"RegionName\": \"eu-west-1\"").doesNotContain("us-east-1");

        Result fromHome = viaResident(cwd, env, Terminal.NONE,
                withEndpoint("ec2", "describe-regions", "--region-names", "file://~/names.json"));
        assertThat(fromHome.out()).contains("\"RegionName\": \"ap-south-1\"").doesNotContain("us-east-1");

        Result profile = viaResident(cwd, env, Terminal.NONE,
                withEndpoint("--profile", "p", "ec2", "describe-regions", "--region-names", "us-east-1"));
        assertThat(profile.out()).startsWith("REGIONS\t");
    }

    @Test
    @DisplayName("the terminal is the caller's: table width and colour follow what the client says")
    void theCallersTerminal() throws IOException {
        String[] args = withEndpoint("--output", "table", "--color", "auto", "ec2", "describe-regions",
                "--query", "Regions[0]");
        // Wider than 40 columns, a one-row table turns vertical (a line per member).
        Result narrow = viaResident(dir, env(), new Terminal(true, true, 40), args);
        Result wide = viaResident(dir, env(), new Terminal(true, true, 160), args);
        assertThat(narrow.out()).contains("\u001b[");
        assertThat(narrow.out()).isNotEqualTo(wide.out());
        assertThat(narrow).isEqualTo(inProcess(new Host(env(), dir, new Terminal(true, true, 40), false), args));
        assertThat(viaResident(dir, env(), Terminal.NONE, args).out()).doesNotContain("\u001b[");
    }

    @Test
    @DisplayName("what only the caller can run is handed back, with nothing printed: its stdin, --debug, a prompt")
    void inProcessOnly() throws IOException {
        Result none = new Result(ResidentClient.IN_PROCESS, "", "");
        assertThat(viaResident(dir, env(), Terminal.NONE,
                withEndpoint("ec2", "describe-regions", "--cli-input-json", "file:///dev/stdin"))).isEqualTo(none);
        assertThat(viaResident(dir, env(), Terminal.NONE,
                withEndpoint("ec2", "describe-regions", "--region-names", "file:///dev/fd/63"))).isEqualTo(none);
        Files.deleteIfExists(dir.resolve("input"));
        Files.createSymbolicLink(dir.resolve("input"), Path.of("/dev/stdin"));
        assertThat(viaResident(dir, env(), Terminal.NONE,
                withEndpoint("ec2", "describe-regions", "--cli-input-json", "file://input"))).isEqualTo(none);
        assertThat(viaResident(dir, env(), Terminal.NONE,
                withEndpoint("--debug", "ec2", "describe-regions"))).isEqualTo(none);
        assertThat(viaResident(dir, env(), new Terminal(true, true, 80),
                withEndpoint("--cli-auto-prompt", "ec2", "describe-regions"))).isEqualTo(none);
        // /dev/null is the same file for every process: the resident reads it (AWS_CONFIG_FILE=/dev/null, say).
        Result noConfig = viaResident(dir, env("AWS_CONFIG_FILE", "/dev/null"), Terminal.NONE,
                withEndpoint("ec2", "describe-regions", "--region-names", "us-east-1"));
        assertThat(noConfig.status()).as(noConfig.err()).isZero();
        // Off a terminal the prompt asks nothing, in-process or not, so the resident runs it.
        assertThat(viaResident(dir, env(), Terminal.NONE,
                withEndpoint("--cli-auto-prompt", "ec2", "describe-regions")).status()).isZero();
        // Nor a caller whose environment sets what the SDK reads itself differently from the resident's.
        assertThat(viaResident(dir, env("AWS_MAX_ATTEMPTS", "7" + System.getenv().getOrDefault("AWS_MAX_ATTEMPTS", "")),
                Terminal.NONE, withEndpoint("ec2", "describe-regions"))).isEqualTo(none);
        // A resident of another build, or other JVM options, does not answer for this one.
        assertThat(viaResident("another build", dir, env(), Terminal.NONE,
                withEndpoint("ec2", "describe-regions"))).isEqualTo(none);
    }

    @Test
    @DisplayName("commands sent at once run at once, each with its own answer")
    void concurrentCommands() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Result>> results = new ArrayList<>();
            String[] regions = {"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"};
            for (int i = 0; i < 16; i++) {
                String region = regions[i % regions.length];
                results.add(pool.submit(() -> viaResident(dir, env(), Terminal.NONE, withEndpoint("--output",
                        "text", "ec2", "describe-regions", "--region-names", region, "--query",
                        "Regions[].RegionName"))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(new Result(0, regions[i % regions.length] + "\n", ""));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a client that goes away (Ctrl-C) stops its command in the resident")
    void clientGoneStopsTheCommand() throws Exception {
        // The waiter polls every 15 s for 40 attempts: without the interrupt it would run for ten minutes.
        Thread client = Thread.ofPlatform().start(() -> {
            try {
                viaResident(dir, env(), Terminal.NONE, withEndpoint("ec2", "wait", "image-exists",
                        "--image-ids", "ami-00000000000000001"));
            } catch (IOException e) {
                // closed under it, as intended
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (resident.running() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(resident.running()).isEqualTo(1);
        client.interrupt();   // interrupting a thread blocked on a channel closes the channel
        while (resident.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(resident.running()).as("commands still running after the client left").isZero();
    }
}
