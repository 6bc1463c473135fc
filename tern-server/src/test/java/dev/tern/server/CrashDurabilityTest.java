package dev.tern.server;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.ServerMain;
import dev.tern.server.testing.TernTestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Kills a real Tern process with SIGKILL in the middle of a stream of writes, restarts it on the same data
 * directory and checks that every write the server acknowledged is still there: each RegisterImage that
 * returned an id (with the tags it was registered with), each CreateTags and each launch permission added
 * that answered 200, each DeregisterImage that answered 200. Writes cut off by the kill may or may not have
 * landed; nothing is asserted about them. Three rounds, each on the data the last one left.
 */
class CrashDurabilityTest {
    private static final int ROUNDS = 3;
    private static final int WRITERS = 4;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<Process> processes = new ArrayList<>();
    private Path dir;

    /** What the server acknowledged about one image. */
    private static final class Expected {
        final String name;
        final Map<String, String> tags = new ConcurrentHashMap<>();
        final Set<String> launchUsers = ConcurrentHashMap.newKeySet();
        volatile boolean deregistered;
        /** A DeregisterImage was sent; until it is acknowledged the image may be either way after a crash. */
        volatile boolean deregisterSent;

        Expected(String name) {
            this.name = name;
        }
    }

    private final Map<String, Expected> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    @AfterEach
    void cleanUp() throws IOException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        long seed = Long.getLong("crash.seed", new Random().nextLong());
        System.out.println("CrashDurabilityTest seed " + seed + " (reproduce with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        dir = Files.createTempDirectory("tern-crash");
        Path dataDir = dir.resolve("data");

        Server server = start(dataDir, 4, 0);
        List<String> snapshots = server.snapshots();
        assertThat(snapshots).hasSize(4);
        for (int round = 1; round <= ROUNDS; round++) {
            int acksBefore = acks.get();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            try (Ec2Client ec2 = client(server.endpoint())) {
                for (int w = 0; w < WRITERS; w++) {
                    Random own = new Random(random.nextLong());
                    int r = round;
                    writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> write(ec2, own, snapshots, r, stop)));
                }
                // Let the writes run, then pull the plug while they are in full flow.
                int target = acksBefore + 40 + random.nextInt(80);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (acks.get() < target && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                int acksAtKill = acks.get();
                server.process().destroyForcibly();
                assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("the server died").isTrue();
                stop.set(true);
                for (Thread t : writers) {
                    t.join(30_000);
                }
                System.out.println("CrashDurabilityTest round " + round + ": killed after " + (acksAtKill - acksBefore)
                        + " acknowledged writes (" + acknowledged.size() + " images so far); exit "
                        + server.process().exitValue());
                assertThat(acksAtKill - acksBefore).as("writes acknowledged before the kill in round %d", round)
                        .isGreaterThan(10);
            }

            server = start(dataDir, 0, round);
            try (Ec2Client ec2 = client(server.endpoint())) {
                verify(ec2, round);
                if (round == ROUNDS) {
                    String id = ec2.registerImage(b -> b.name("after-the-crashes").rootDeviceName("/dev/xvda")
                            .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshots.get(0)))))
                            .imageId();
                    assertThat(ec2.describeImages(b -> b.imageIds(id)).images()).singleElement()
                            .extracting(Image::stateAsString).isEqualTo("available");
                }
            }
        }
        server.process().destroy();
        server.process().waitFor(30, TimeUnit.SECONDS);
    }

    /** One writer: registers images (with tags), tags them, shares them and now and then deregisters one. */
    private void write(Ec2Client ec2, Random random, List<String> snapshots, int round, AtomicBoolean stop) {
        List<String> mine = new ArrayList<>();
        while (!stop.get()) {
            int op = mine.isEmpty() ? 0 : random.nextInt(100);
            try {
                if (op < 40) {
                    String name = "crash-" + round + "-" + sequence.incrementAndGet();
                    String key = "created-in";
                    String value = "round " + round;
                    String id = ec2.registerImage(b -> b.name(name).rootDeviceName("/dev/xvda")
                            .architecture("x86_64")
                            .blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                                    .ebs(e -> e.snapshotId(snapshots.get(random.nextInt(snapshots.size())))))
                            .tagSpecifications(t -> t.resourceType("image").tags(g -> g.key(key).value(value))))
                            .imageId();
                    Expected e = new Expected(name);
                    e.tags.put(key, value);
                    acknowledged.put(id, e);
                    mine.add(id);
                } else if (op < 80) {
                    String id = mine.get(random.nextInt(mine.size()));
                    Expected e = acknowledged.get(id);
                    if (e.tags.size() >= 40) {
                        continue;
                    }
                    String key = "k" + sequence.incrementAndGet();
                    String value = "v" + random.nextInt(1_000_000);
                    ec2.createTags(b -> b.resources(id).tags(Tag.builder().key(key).value(value).build()));
                    e.tags.put(key, value);
                } else if (op < 95) {
                    String id = mine.get(random.nextInt(mine.size()));
                    String user = random.nextBoolean() ? BOB : CAROL;
                    ec2.modifyImageAttribute(b -> b.imageId(id).launchPermission(p -> p.add(a -> a.userId(user))));
                    acknowledged.get(id).launchUsers.add(user);
                } else {
                    String id = mine.remove(random.nextInt(mine.size()));
                    acknowledged.get(id).deregisterSent = true;
                    ec2.deregisterImage(b -> b.imageId(id));
                    acknowledged.get(id).deregistered = true;
                }
                acks.incrementAndGet();
            } catch (Ec2Exception e) {
                // The server answered no: not acknowledged, and it must not stop the stream (a deregistered
                // image that another write still aimed at, say).
            } catch (RuntimeException e) {
                // Connection refused or reset: the server is gone. Nothing after this was acknowledged.
                if (!stop.get()) {
                    sleep(5);
                }
            }
        }
    }

    private void verify(Ec2Client ec2, int round) {
        // An image whose DeregisterImage was sent but never answered may be either way after the kill: the
        // deregistration may have committed just before it. Such images are not checked.
        List<String> live = acknowledged.entrySet().stream()
                .filter(e -> !e.getValue().deregistered && !e.getValue().deregisterSent)
                .map(Map.Entry::getKey).sorted().toList();
        Map<String, Image> found = new HashMap<>();
        for (int i = 0; i < live.size(); i += 100) {
            List<String> batch = live.subList(i, Math.min(live.size(), i + 100));
            for (Image image : ec2.describeImages(b -> b.imageIds(batch)).images()) {
                found.put(image.imageId(), image);
            }
        }
        List<String> problems = new ArrayList<>();
        for (String id : live) {
            Expected e = acknowledged.get(id);
            Image image = found.get(id);
            if (image == null) {
                problems.add(id + " (" + e.name + ") was acknowledged but is gone");
                continue;
            }
            if (!"available".equals(image.stateAsString()) || !e.name.equals(image.name())) {
                problems.add(id + " is " + image.stateAsString() + " named " + image.name() + ", expected available " + e.name);
            }
            Map<String, String> tags = image.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
            e.tags.forEach((k, v) -> {
                if (!v.equals(tags.get(k))) {
                    problems.add(id + " lost acknowledged tag " + k + "=" + v + " (has " + tags + ")");
                }
            });
            if (!e.launchUsers.isEmpty()) {
                Set<String> users = ec2.describeImageAttribute(b -> b.imageId(id).attribute("launchPermission"))
                        .launchPermissions().stream().map(LaunchPermission::userId).collect(Collectors.toSet());
                if (!users.containsAll(e.launchUsers)) {
                    problems.add(id + " lost acknowledged launch permissions " + e.launchUsers + " (has " + users + ")");
                }
            }
        }
        long deregistered = 0;
        for (Map.Entry<String, Expected> entry : acknowledged.entrySet()) {
            if (!entry.getValue().deregistered) {
                continue;
            }
            deregistered++;
            try {
                List<Image> images = ec2.describeImages(b -> b.imageIds(entry.getKey())).images();
                if (images.stream().anyMatch(i -> "available".equals(i.stateAsString()))) {
                    problems.add(entry.getKey() + " was deregistered (acknowledged) but is available again");
                }
            } catch (Ec2Exception e) {
                if (!"InvalidAMIID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                    throw e;
                }
            }
        }
        System.out.println("CrashDurabilityTest round " + round + ": after restart, " + live.size()
                + " acknowledged images checked, " + deregistered + " acknowledged deregistrations; problems: "
                + problems.size());
        assertThat(problems).as("acknowledged writes missing after SIGKILL and restart (round %d)", round).isEmpty();
    }

    private record Server(Process process, URI endpoint, List<String> snapshots) {}

    /** Starts {@link ServerMain} in a JVM of its own and waits for its {@code listening on} line. */
    private Server start(Path dataDir, int snapshots, int generation) throws Exception {
        Path log = dir.resolve("server-" + generation + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--data-dir", dataDir.toString(), "--snapshots", Integer.toString(snapshots)));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        processes.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process died; the wait below reports it
            }
        });
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!p.isAlive()) {
                    break;
                }
            } else if (line.startsWith("snapshot ")) {
                ids.add(line.substring("snapshot ".length()).trim());
            } else if (line.startsWith("listening on ")) {
                return new Server(p, URI.create(line.substring("listening on ".length()).trim()), ids);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start; its log:\n" + Files.readString(log));
    }

    private static Ec2Client client(URI endpoint) {
        return Ec2Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(TernTestServer.credentials(ALICE))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(15)))
                .build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
