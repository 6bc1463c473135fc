package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.TernTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What the data directory gives away to whoever reads it: no checksum of an encrypted snapshot's block in the
 * clear (equal blocks under different keys would otherwise show equal hashes, and a guessed block could be
 * confirmed), and nothing readable by another user.
 */
class DataAtRestTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void anEncryptedSnapshotsChecksumsAreSealedAndStillServed() {
        byte[] block = Uploads.randomBlock(new Random(11));
        String plainHex = HexFormat.of().formatHex(Uploads.sha256(block));
        SortedMap<Integer, byte[]> write = new TreeMap<>(Map.of(3, block));
        Map<String, String> snapshots = new LinkedHashMap<>();
        try (EbsClient ebs = tern.ebs(ALICE); KmsClient kms = tern.kms(ALICE)) {
            String key1 = kms.createKey(b -> { }).keyMetadata().arn();
            String key2 = kms.createKey(b -> { }).keyMetadata().arn();
            for (String key : new String[] {key1, key2, key1, null}) {
                String id = key == null ? ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId()
                        : ebs.startSnapshot(b -> b.volumeSize(1L).kmsKeyArn(key)).snapshotId();
                Uploads.putAll(ebs, id, write);
                snapshots.put(id, key == null ? "clear" : key);
            }
            // While pending, the checksums CompleteSnapshot will check are kept too.
            List<String> pendingChecksums = tern.app().services().catalog().read(h -> h.createQuery(
                    "SELECT checksum FROM ebs_written_blocks WHERE snapshot_id IN (<ids>)")
                    .bindList("ids", List.copyOf(snapshots.keySet())).mapTo(String.class).list());
            assertThat(pendingChecksums).hasSize(4).filteredOn(plainHex::equals).hasSize(1);
            for (String id : snapshots.keySet()) {
                Uploads.complete(ebs, id, write);
            }

            List<String> stored = new ArrayList<>();
            for (String id : snapshots.keySet()) {
                stored.add(tern.app().services().catalog().read(h -> h.createQuery(
                        "SELECT checksum FROM snapshot_blocks WHERE snapshot_id = :id AND block_index = 3")
                        .bind("id", id).mapTo(String.class).one()));
            }
            assertThat(stored.get(3)).as("the unencrypted control snapshot").isEqualTo(plainHex);
            assertThat(stored.subList(0, 3)).as("the encrypted ones").noneMatch(c -> c.contains(plainHex));
            assertThat(stored.get(0)).as("two keys").isNotEqualTo(stored.get(1));

            for (String id : snapshots.keySet()) {
                var got = ebs.getSnapshotBlock(b -> b.snapshotId(id).blockIndex(3).blockToken(
                        ebs.listSnapshotBlocks(l -> l.snapshotId(id)).blocks().get(0).blockToken()),
                        ResponseTransformer.toBytes());
                assertThat(got.response().checksum()).as("GetSnapshotBlock of %s", snapshots.get(id))
                        .isEqualTo(Uploads.checksum(block));
                assertThat(got.asByteArray()).isEqualTo(block);
            }
        }
    }

    @Test
    void everythingInTheDataDirectoryIsPrivateToItsUser() throws Exception {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            SortedMap<Integer, byte[]> write = new TreeMap<>(Map.of(0, Uploads.randomBlock(new Random(12))));
            Uploads.putAll(ebs, id, write);
            Uploads.complete(ebs, id, write);
        }
        Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-------");
        Set<PosixFilePermission> dir = PosixFilePermissions.fromString("rwx------");
        List<String> open = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(tern.dataDir())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                boolean isDir = Files.isDirectory(p);
                files += isDir ? 0 : 1;
                if (!mode.equals(isDir ? dir : file)) {
                    open.add(tern.dataDir().relativize(p) + " " + PosixFilePermissions.toString(mode));
                }
            }
        }
        assertThat(files).as("files in the data directory").isGreaterThanOrEqualTo(3);
        assertThat(open).as("files and directories others may read").isEmpty();
    }
}
