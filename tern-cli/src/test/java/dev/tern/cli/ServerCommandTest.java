package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.DemoData;
import dev.tern.demo.DemoSeed;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The server contract other tools rely on: flags, the "listening on" line, health, TERN_CONFIG. */
class ServerCommandTest {
    @TempDir
    Path dir;

    private Process launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TernMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().remove("TERN_CONFIG");
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void printsTheListeningLineAndAnswersHealthOnAFreePort() throws Exception {
        Process p = launch(Map.of(), "server", "--demo", "--port", "0", "--data-dir", dir.resolve("data").toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).matches("listening on http://127\\.0\\.0\\.1:\\d+");
            String url = line.substring("listening on ".length());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/_tern/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.exists(dir.resolve("data").resolve("catalog.db"))).isTrue();
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theListeningLineMeansTheDemoImageIsThere() throws Exception {
        Process p = launch(Map.of(), "server", "--demo", "--port", "0", "--data-dir", dir.resolve("data").toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String url = out.readLine().substring("listening on ".length());
            try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(url)).region(Region.US_WEST_2)
                    .httpClient(ApacheHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(DemoData.ACCESS_KEY_ID, DemoData.SECRET_ACCESS_KEY))).build()) {
                assertThat(ec2.describeImages(r -> r.imageIds(DemoSeed.IMAGE_ID)).images()).hasSize(1);
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anUnusableDataDirectoryIsOneLineNamingItAndTheCause() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "a file, not a directory");
        Process p = launch(Map.of(), "server", "--demo", "--port", "0", "--data-dir", file.toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("stderr.txt")).strip())
                .isEqualTo("tern: cannot start: data directory " + file + " is not a directory");
    }

    @Test
    void ternConfigIsReadAndUnknownKeysStopTheStart() throws Exception {
        Path config = dir.resolve("tern.yaml");
        Files.writeString(config, "accounts: []\ncolour: blue\n");
        Process p = launch(Map.of("TERN_CONFIG", config.toString()), "server", "--port", "0",
                "--data-dir", dir.resolve("data").toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("unknown configuration key").contains("colour");
    }

    @Test
    void aBusyPortIsAClearErrorNotAStackTrace() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process p = launch(Map.of(), "server", "--demo", "--port", String.valueOf(taken.getLocalPort()),
                    "--data-dir", dir.resolve("data").toString());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("tern: cannot start");
        }
    }
}
