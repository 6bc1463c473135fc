package dev.tern.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A {@link ServerMain} in a JVM of its own, for tests that kill a server with SIGKILL: started with the given
 * arguments, ready once it printed {@code listening on}; {@link #kill} is SIGKILL, with no chance to clean up.
 */
public record ChildServer(Process process, URI endpoint, String copyNode, Path log) implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    public static ChildServer start(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ServerMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // The process died; the wait below reports it.
            }
        });
        String node = null;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!p.isAlive()) {
                    break;
                }
            } else if (line.startsWith("copy node ")) {
                node = line.substring("copy node ".length()).trim();
            } else if (line.startsWith("listening on ")) {
                return new ChildServer(p, URI.create(line.substring("listening on ".length()).trim()), node, log);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start; its log:\n" + Files.readString(log));
    }

    /** An EC2 client of ALICE's in {@code region} for this server; the caller closes it. */
    public Ec2Client ec2(String region) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(TernTestServer.credentials(TernTestServer.ALICE))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    /** An EBS direct client of ALICE's in {@code region} for this server; the caller closes it. */
    public EbsClient ebs(String region) {
        return EbsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(TernTestServer.credentials(TernTestServer.ALICE))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
