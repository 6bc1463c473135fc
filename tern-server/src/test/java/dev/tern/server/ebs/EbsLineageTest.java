package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.TernTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChangedBlock;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * "A snapshot started with ParentSnapshotId shares its parent's blocks and stores only what changed;
 * ListChangedBlocks reports exactly the differences."
 */
class EbsLineageTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final Random random = new Random(99);

    @Test
    void aChildSharesItsParentsBlocksAndListChangedBlocksNamesExactlyTheDifferences() throws IOException {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            SortedMap<Integer, byte[]> parentBlocks = new TreeMap<>();
            for (int i = 0; i < 6; i++) {
                parentBlocks.put(i * 10, Uploads.randomBlock(random));
            }
            String parent = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(ebs, parent, parentBlocks);
            Uploads.complete(ebs, parent, parentBlocks);
            long objectsBefore = storedObjects();

            String child = ebs.startSnapshot(b -> b.volumeSize(2L).parentSnapshotId(parent)).snapshotId();
            SortedMap<Integer, byte[]> childWrites = new TreeMap<>();
            childWrites.put(10, Uploads.randomBlock(random));        // changed
            childWrites.put(20, parentBlocks.get(20).clone());      // rewritten with the same bytes: not a change
            childWrites.put(35, Uploads.randomBlock(random));        // new
            childWrites.put(3000, Uploads.randomBlock(random));      // new, past the parent's 1 GiB
            childWrites.put(40, new byte[Uploads.BLOCK]);           // overwritten with zeros
            Uploads.putAll(ebs, child, childWrites);
            // ChangedBlocksCount counts what was written to the child, not what it inherited.
            Uploads.complete(ebs, child, childWrites);

            // Only the three new contents were stored: inherited and repeated blocks are shared, zeros take nothing.
            assertThat(storedObjects() - objectsBefore).isEqualTo(3);

            SortedMap<Integer, byte[]> expected = new TreeMap<>(parentBlocks);
            expected.putAll(childWrites);
            List<Block> listed = Uploads.listAll(ebs, child, 100);
            assertThat(listed).extracting(Block::blockIndex).containsExactlyElementsOf(expected.keySet());
            for (Block block : listed) {
                assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(child).blockIndex(block.blockIndex())
                        .blockToken(block.blockToken())).asByteArray()).isEqualTo(expected.get(block.blockIndex()));
            }

            ListChangedBlocksResponse changed = ebs.listChangedBlocks(b -> b.firstSnapshotId(parent).secondSnapshotId(child));
            assertThat(changed.changedBlocks()).extracting(ChangedBlock::blockIndex).containsExactly(10, 35, 40, 3000);
            assertThat(changed.volumeSize()).isEqualTo(2L);
            assertThat(changed.nextToken()).isNull();
            Map<Integer, ChangedBlock> byIndex = new TreeMap<>();
            changed.changedBlocks().forEach(c -> byIndex.put(c.blockIndex(), c));
            assertThat(byIndex.get(35).firstBlockToken()).isNull();
            assertThat(byIndex.get(3000).firstBlockToken()).isNull();
            ChangedBlock ten = byIndex.get(10);
            assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(parent).blockIndex(10).blockToken(ten.firstBlockToken()))
                    .asByteArray()).isEqualTo(parentBlocks.get(10));
            assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(child).blockIndex(10).blockToken(ten.secondBlockToken()))
                    .asByteArray()).isEqualTo(childWrites.get(10));

            // The other way round, the same indexes; with no first snapshot, every block of the second.
            assertThat(ebs.listChangedBlocks(b -> b.firstSnapshotId(child).secondSnapshotId(parent)).changedBlocks())
                    .extracting(ChangedBlock::blockIndex).containsExactly(10, 35, 40, 3000);
            assertThat(ebs.listChangedBlocks(b -> b.secondSnapshotId(child)).changedBlocks())
                    .extracting(ChangedBlock::blockIndex).containsExactlyElementsOf(expected.keySet());
            assertThat(ebs.listChangedBlocks(b -> b.firstSnapshotId(child).secondSnapshotId(child)).changedBlocks()).isEmpty();
        }
    }

    @Test
    void listChangedBlocksPagesThroughManyDifferences() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            SortedMap<Integer, byte[]> same = new TreeMap<>();
            String parent = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            byte[] shared = Uploads.randomBlock(random);
            for (int i = 0; i < 120; i++) {
                same.put(i, shared);
            }
            Uploads.putAll(ebs, parent, same);
            Uploads.complete(ebs, parent, same);
            String child = ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent)).snapshotId();
            SortedMap<Integer, byte[]> writes = new TreeMap<>();
            byte[] other = Uploads.randomBlock(random);
            for (int i = 0; i < 120; i += 2) {
                writes.put(i, other);      // 60 changed
            }
            for (int i = 200; i < 260; i++) {
                writes.put(i, other);      // 60 new
            }
            Uploads.putAll(ebs, child, writes);
            Uploads.complete(ebs, child, writes);

            List<Integer> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String next = token;
                ListChangedBlocksResponse page = ebs.listChangedBlocks(b -> b.firstSnapshotId(parent).secondSnapshotId(child)
                        .maxResults(100).nextToken(next));
                page.changedBlocks().forEach(c -> seen.add(c.blockIndex()));
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertThat(seen).containsExactlyElementsOf(writes.keySet());
            assertThat(pages).isEqualTo(2);
        }
    }

    @Test
    void snapshotsOfDifferentLineagesAreUnrelated() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String a = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            ebs.completeSnapshot(b -> b.snapshotId(a).changedBlocksCount(0));
            String b2 = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            ebs.completeSnapshot(b -> b.snapshotId(b2).changedBlocksCount(0));
            EbsRefusalTest.assertValidation(() -> ebs.listChangedBlocks(b -> b.firstSnapshotId(a).secondSnapshotId(b2)),
                    "UNRELATED_SNAPSHOTS");
        }
    }

    @Test
    void deletingTheParentKeepsTheChildsInheritedBlocksAndDeletingTheChildFreesThem() {
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client ec2 = tern.ec2(ALICE)) {
            SortedMap<Integer, byte[]> blocks = new TreeMap<>(Map.of(1, Uploads.randomBlock(random)));
            String parent = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(ebs, parent, blocks);
            Uploads.complete(ebs, parent, blocks);
            String child = ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent)).snapshotId();
            ebs.completeSnapshot(b -> b.snapshotId(child).changedBlocksCount(0));

            ec2.deleteSnapshot(b -> b.snapshotId(parent));
            assertThat(tern.app().services().snapshotBlocks().count(parent)).isZero();
            Block inherited = ebs.listSnapshotBlocks(b -> b.snapshotId(child)).blocks().get(0);
            assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(child).blockIndex(1).blockToken(inherited.blockToken()))
                    .asByteArray()).isEqualTo(blocks.get(1));

            ec2.deleteSnapshot(b -> b.snapshotId(child));
            assertThat(tern.app().services().snapshotBlocks().count(child)).isZero();
        }
    }

    @Test
    void aSharedSnapshotCanBeReadAndBeAParentForTheAccountItIsSharedWith() {
        try (EbsClient alice = tern.ebs(ALICE); EbsClient bob = tern.ebs(BOB); Ec2Client ec2 = tern.ec2(ALICE)) {
            SortedMap<Integer, byte[]> blocks = new TreeMap<>(Map.of(0, Uploads.randomBlock(random)));
            String id = alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(alice, id, blocks);
            Uploads.complete(alice, id, blocks);
            ec2.modifySnapshotAttribute(b -> b.snapshotId(id).attribute("createVolumePermission")
                    .createVolumePermission(p -> p.add(a -> a.userId(BOB))));
            Block block = bob.listSnapshotBlocks(b -> b.snapshotId(id)).blocks().get(0);
            assertThat(bob.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(0).blockToken(block.blockToken()))
                    .asByteArray()).isEqualTo(blocks.get(0));
            String child = bob.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(id)).snapshotId();
            bob.completeSnapshot(b -> b.snapshotId(child).changedBlocksCount(0));
            assertThat(bob.listSnapshotBlocks(b -> b.snapshotId(child)).blocks()).hasSize(1);
        }
    }

    /** Objects in the file block store under the server's data directory. */
    private static long storedObjects() throws IOException {
        try (Stream<Path> files = Files.walk(tern.dataDir().resolve("blocks"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
