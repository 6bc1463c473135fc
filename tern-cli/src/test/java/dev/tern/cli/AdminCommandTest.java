package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.server.Tern;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** tern admin create-account, in its own process, beside a running server and before one starts. */
class AdminCommandTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private Result admin(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TernMain.class.getName(), "admin"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().remove("TERN_CONFIG");
        pb.environment().remove("TERN_ROOT_KEY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, Files.readString(err));
    }

    @Test
    void aRunningServerAcceptsTheNewKeysWithinItsCacheDelay() throws Exception {
        Path data = dir.resolve("data");
        try (Tern tern = Tern.builder().dataDir(data).start()) {
            Result r = admin("create-account", "--alias", "team", "--data-dir", data.toString(), "--output", "json");
            assertThat(r.status()).as(r.err()).isZero();
            JsonNode made = new ObjectMapper().readTree(r.out());
            assertThat(made.get("AccountId").asText()).matches("[0-9]{12}");
            assertThat(made.get("Alias").asText()).isEqualTo("team");
            assertThat(made.get("AccessKeyId").asText()).matches("AKIA[A-Z2-7]{16}");
            assertThat(made.get("SecretAccessKey").asText()).hasSize(40);
            try (Ec2Client ec2 = ec2(tern.endpoint(), made.get("AccessKeyId").asText(), made.get("SecretAccessKey").asText())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (true) {
                    try {
                        assertThat(ec2.describeImages(b -> b.owners("self")).images()).isEmpty();
                        break;
                    } catch (Ec2Exception e) {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
                        assertThat(System.nanoTime()).as("accepted within 5 s").isLessThan(deadline);
                        Thread.sleep(100);
                    }
                }
            }
            assertThat(tern.services().accounts().aliasOf(made.get("AccountId").asText())).isEqualTo("team");
        }
    }

    @Test
    void anAccountMadeBeforeTheServerStartsIsServedAndAliasesStayUnique() throws Exception {
        Path data = dir.resolve("data");
        Result r = admin("create-account", "--alias", "first", "--data-dir", data.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, String> lines = new HashMap<>();
        for (String line : r.out().strip().split("\n")) {
            String[] kv = line.split("\\s+", 2);
            lines.put(kv[0], kv[1]);
        }
        assertThat(lines).containsOnlyKeys("AccountId", "Alias", "AccessKeyId", "SecretAccessKey");
        Result again = admin("create-account", "--alias", "first", "--data-dir", data.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("alias first already exists");
        assertThat(admin("create-account", "--output", "yaml", "--data-dir", data.toString()).status()).isEqualTo(2);

        try (Tern tern = Tern.builder().dataDir(data).start();
                Ec2Client ec2 = ec2(tern.endpoint(), lines.get("AccessKeyId"), lines.get("SecretAccessKey"))) {
            assertThat(ec2.describeRegions().regions()).isNotEmpty();
            assertThat(tern.services().accounts().byAlias("first").id()).isEqualTo(lines.get("AccountId"));
        }
    }

    private static Ec2Client ec2(URI endpoint, String keyId, String secret) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret))).build();
    }
}
