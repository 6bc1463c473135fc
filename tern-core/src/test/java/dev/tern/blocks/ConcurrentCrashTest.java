package dev.tern.blocks;

import static dev.tern.blocks.BlockInvariants.assertConsistent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.catalog.Catalog;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while many writers' blocks are committed in groups: a child JVM runs {@link ConcurrentCrashWriter} and is
 * killed at a random point, twice. After each kill every block a writer was told was written must be there and read
 * back byte for byte, and of each writer's one write in flight, either all of it or nothing.
 */
class ConcurrentCrashTest {
    private static final int THREADS = 16;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedBlockOfConcurrentWritersSurvivesSigkill() throws Exception {
        Random random = new Random(42);
        for (String prefix : List.of("snap-a", "snap-b")) {
            int[] acked = runAndKill(prefix, 100 + random.nextInt(200), random.nextInt(0, 100));
            try (Catalog catalog = Catalog.open(null, dir); BlockStore store = BlockStores.open(BlockStoreConfig.files(), dir)) {
                SnapshotBlocks blocks = new SnapshotBlocks(catalog, store, Clock.systemUTC());
                for (int t = 0; t < THREADS; t++) {
                    String snapshot = ConcurrentCrashWriter.snapshot(prefix, t);
                    List<BlockRef> held = blocks.list(snapshot, 0, 10_000);
                    assertThat(held.size()).as("blocks of %s, %d acknowledged", snapshot, acked[t] + 1)
                            .isBetween(acked[t] + 1, acked[t] + 2);
                    for (int i = 0; i < held.size(); i++) {
                        assertThat(held.get(i).blockIndex()).isEqualTo(i);
                        byte[] expected = ConcurrentCrashWriter.content(prefix, t, i);
                        assertThat(blocks.read(snapshot, i)).as("block %d of %s", i, snapshot).hasValueSatisfying(
                                data -> assertThat(Arrays.equals(data, expected)).isTrue());
                    }
                }
                assertConsistent(catalog, store, false);
            }
        }
        try (Catalog catalog = Catalog.open(null, dir); BlockStore store = BlockStores.open(BlockStoreConfig.files(), dir)) {
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
            new BlockSweeper(catalog, store, later).sweepOrphans(Duration.ZERO);
            assertConsistent(catalog, store, true);
        }
    }

    /**
     * Runs a writer, kills it {@code delayMillis} after {@code acks} blocks in all were acknowledged, and returns the
     * last acknowledged index of each thread (-1 for none).
     */
    private int[] runAndKill(String prefix, int acks, int delayMillis) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                ConcurrentCrashWriter.class.getName(), dir.toString(), prefix, Integer.toString(THREADS));
        Path errors = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (InputStream out = child.getInputStream()) {
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int lines = 0;
            while (lines < acks) {
                int b = out.read();
                if (b < 0 || System.nanoTime() > deadline) {
                    throw new AssertionError("the writer stopped early:\n" + seen + Files.readString(errors));
                }
                seen.append((char) b);
                if (b == '\n') {
                    lines++;
                }
            }
            Thread.sleep(delayMillis);
            // As in BlockCrashTest: SIGKILL through the handle keeps our end of the pipe readable.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            seen.append(new String(out.readAllBytes(), StandardCharsets.US_ASCII));
            return lastAcks(seen.toString());
        } finally {
            child.destroyForcibly();
        }
    }

    /** The last index each thread acknowledged on a complete line; a thread acknowledges its indexes in order. */
    private static int[] lastAcks(String output) {
        int[] last = new int[THREADS];
        Arrays.fill(last, -1);
        int end = output.lastIndexOf('\n');
        for (String line : output.substring(0, Math.max(end, 0)).split("\n")) {
            if (line.startsWith("ACK ")) {
                String[] parts = line.split(" ");
                int thread = Integer.parseInt(parts[1]);
                int index = Integer.parseInt(parts[2]);
                assertThat(index).as("thread %d acknowledges in order", thread).isEqualTo(last[thread] + 1);
                last[thread] = index;
            }
        }
        return last;
    }
}
