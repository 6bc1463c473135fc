package dev.tern.blocks;

import static dev.tern.blocks.BlockInvariants.assertConsistent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.catalog.Catalog;
import dev.tern.testing.CatalogFixture;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILL in the middle of writing. A child JVM runs {@link CrashWriter}, printing each op it completed, and is
 * killed at a random point, three times over, each new child going on from where the last one stopped. After each
 * kill every acknowledged op must be there and read back byte for byte, with at most the one op in flight also
 * done (never half of it); at the end, after the sweeps, nothing unreferenced may remain. Files over SQLite, and
 * S3 (the parent's s3proxy) over PostgreSQL.
 */
class BlockCrashTest {
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    static Stream<BlocksTestBase.Setup> setups() {
        return Stream.of(new BlocksTestBase.Setup(StoreKind.FILES, CatalogFixture.Kind.SQLITE),
                new BlocksTestBase.Setup(StoreKind.S3, CatalogFixture.Kind.POSTGRESQL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void everyAcknowledgedWriteSurvivesSigkill(BlocksTestBase.Setup setup) throws Exception {
        String jdbcUrl = setup.catalog() == CatalogFixture.Kind.POSTGRESQL ? CatalogFixture.freshPostgresDatabase() : "";
        List<String> args = new ArrayList<>(List.of(dir.toString(), jdbcUrl));
        BlockStoreConfig config = BlockStoreConfig.files();
        if (setup.store() == StoreKind.S3) {
            S3ProxyFixture s3 = S3ProxyFixture.shared();
            String bucket = s3.newBucket("crash");
            config = s3.config(bucket);
            args.addAll(List.of(bucket, s3.endpoint().toString(), S3ProxyFixture.ACCESS_KEY, S3ProxyFixture.SECRET_KEY));
        }
        Random random = new Random(setup.toString().hashCode());
        int done = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            int acknowledged = runAndKill(done, args, done + random.nextInt(5, 15), random.nextInt(0, 150));
            try (Catalog catalog = Catalog.open(jdbcUrl, dir); BlockStore store = BlockStores.open(config, dir)) {
                done = verify(new SnapshotBlocks(catalog, store, Clock.systemUTC()), acknowledged);
                assertConsistent(catalog, store, false);
            }
        }
        try (Catalog catalog = Catalog.open(jdbcUrl, dir); BlockStore store = BlockStores.open(config, dir)) {
            // The child is dead, so every object is as old as it will get: sweep with no grace.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
            int garbage = new BlockSweeper(catalog, store, later).sweepGarbage();
            int orphans = new BlockSweeper(catalog, store, later).sweepOrphans(Duration.ZERO);
            System.out.printf("%s: %d ops done; the sweeps deleted %d freed and %d orphaned objects%n", setup, done,
                    garbage, orphans);
            assertConsistent(catalog, store, true);
            if (setup.store() == StoreKind.FILES) {
                try (var incomplete = Files.list(dir.resolve(BlockStores.DIRECTORY).resolve(FileBlockStore.INCOMING))) {
                    assertThat(incomplete).isEmpty();
                }
            }
            assertThat(verify(new SnapshotBlocks(catalog, store, Clock.systemUTC()), done)).isEqualTo(done);
        }
    }

    /**
     * Starts a writer at op {@code first}, kills it {@code delayMillis} after it acknowledged op {@code killAfter - 1},
     * and returns how many ops in all were acknowledged.
     */
    private int runAndKill(int first, List<String> args, int killAfter, int delayMillis) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", CrashWriter.class.getName(),
                Integer.toString(first)));
        command.addAll(args);
        Path errors = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (InputStream out = child.getInputStream()) {
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastAck(seen.toString()) + 1 < killAfter) {
                int b = out.read();
                if (b < 0 || System.nanoTime() > deadline) {
                    throw new AssertionError("the writer stopped early:\n" + seen + Files.readString(errors));
                }
                seen.append((char) b);
            }
            // Into the next op by a random delay, so the kill lands at a different point each time.
            Thread.sleep(delayMillis);
            // SIGKILL through the process handle, which (unlike Process.destroyForcibly) leaves our end of the
            // pipe open, so what the child wrote before it died can still be read.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Lines it printed before dying are acknowledgements too.
            seen.append(new String(out.readAllBytes(), StandardCharsets.US_ASCII));
            return lastAck(seen.toString()) + 1;
        } finally {
            child.destroyForcibly();
        }
    }

    /** The number of the last op acknowledged on a complete line, or -1. */
    private static int lastAck(String output) {
        int end = output.lastIndexOf('\n');
        int last = -1;
        for (String line : output.substring(0, Math.max(end, 0)).split("\n")) {
            if (line.startsWith("ACK ")) {
                last = Integer.parseInt(line.substring(4).trim());
            }
        }
        return last;
    }

    /**
     * Checks that the snapshots hold exactly what the first {@code acknowledged} ops made, or what one more op made
     * (the one in flight when the child died, if its commit got through), and that every block reads back as
     * written; returns how many ops are done.
     */
    private static int verify(SnapshotBlocks blocks, int acknowledged) {
        Map<String, Map<Integer, String>> done = CrashWorkload.expected(acknowledged);
        Map<String, Map<Integer, String>> oneMore = CrashWorkload.expected(acknowledged + 1);
        Set<String> snapshots = new HashSet<>(done.keySet());
        snapshots.addAll(oneMore.keySet());
        Map<String, Map<Integer, String>> actual = new HashMap<>();
        for (String snapshot : snapshots) {
            Map<Integer, String> held = new TreeMap<>();
            for (BlockRef ref : blocks.list(snapshot, 0, 1000)) {
                held.put(ref.blockIndex(), ref.checksum());
                byte[] data = blocks.read(snapshot, ref.blockIndex()).orElseThrow();
                assertThat(Sha256.hex(data)).as("block %d of %s", ref.blockIndex(), snapshot).isEqualTo(ref.checksum());
            }
            if (!held.isEmpty()) {
                actual.put(snapshot, held);
            }
        }
        done.values().removeIf(Map::isEmpty);
        oneMore.values().removeIf(Map::isEmpty);
        assertThat(actual).as("after %d acknowledged ops", acknowledged).isIn(done, oneMore);
        return actual.equals(done) ? acknowledged : acknowledged + 1;
    }
}
