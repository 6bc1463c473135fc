package dev.tern.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link BlockStore} must do; each implementation's test class runs all of it. */
abstract class BlockStoreContract {
    @TempDir
    Path dir;
    BlockStore store;
    final Random random = new Random(42);

    abstract BlockStore open(Path dir);

    @BeforeEach
    void openStore() {
        store = open(dir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    static Map<String, Instant> listing(BlockStore store) {
        Map<String, Instant> all = new HashMap<>();
        store.list(o -> all.put(o.key(), o.written()));
        return all;
    }

    @Test
    void randomObjectsRoundTripByteForByte() {
        Map<String, byte[]> written = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            byte[] data = randomBytes(SnapshotBlocks.BLOCK_SIZE);
            String key = BlockKeys.newContentKey(i % 2 == 0 ? "us-east-1" : "eu-west-1", Sha256.hex(data));
            store.put(key, data);
            written.put(key, data);
        }
        written.forEach((key, data) -> {
            assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(data));
            assertThat(store.exists(key)).isTrue();
        });
    }

    @Test
    void objectsOfAnySizeRoundTrip() {
        for (int size : new int[] {0, 1, 4095, SnapshotBlocks.BLOCK_SIZE + 28}) {
            byte[] data = randomBytes(size);
            String key = BlockKeys.newContentKey("us-east-1", Sha256.hex(data));
            store.put(key, data);
            assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(data));
        }
    }

    @Test
    void aMissingObjectIsEmptyNotAnError() {
        String key = BlockKeys.newContentKey("us-east-1", Sha256.hex(new byte[] {1}));
        assertThat(store.get(key)).isEmpty();
        assertThat(store.exists(key)).isFalse();
        store.delete(key);
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        byte[] data = randomBytes(1000);
        String key = BlockKeys.newContentKey("us-east-1", Sha256.hex(data));
        store.put(key, data);
        store.delete(key);
        store.delete(key);
        assertThat(store.get(key)).isEmpty();
        assertThat(listing(store)).doesNotContainKey(key);
    }

    @Test
    void listShowsEveryObjectWithItsWriteTime() {
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        List<String> keys = new ArrayList<>();
        for (String region : List.of("us-east-1", "us-west-2", "ap-southeast-2")) {
            for (int i = 0; i < 3; i++) {
                byte[] data = randomBytes(100);
                String key = BlockKeys.newContentKey(region, Sha256.hex(data));
                store.put(key, data);
                keys.add(key);
            }
        }
        Map<String, Instant> listed = listing(store);
        assertThat(listed).containsOnlyKeys(keys);
        assertThat(listed.values()).allSatisfy(t -> assertThat(t).isAfter(before).isBefore(Instant.now().plusSeconds(60)));
    }

    @Test
    void keysOutsideTheBlockFormatAreRefused() {
        for (String bad : new String[] {"no-region", "us-east-1/..", "us-east-1/../../etc", "US-EAST-1/abcdef",
                "us-east-1/ab", "us-east-1/abcd/efgh", "/abcdef", "us-east-1/.hidden"}) {
            assertThatThrownBy(() -> store.put(bad, new byte[1])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.get(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
