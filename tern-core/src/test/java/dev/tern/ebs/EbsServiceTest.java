package dev.tern.ebs;

import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.account.CallContext;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChangedBlock;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksRequest;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/** The EBS direct service on both catalogues: its SQL (tokens, timeouts, client tokens) is portable. */
class EbsServiceTest {
    @TempDir
    Path dir;

    private final Random random = new Random(11);

    @BothCatalogs
    void blocksWrittenAreReadBackAndTheSnapshotCompletes(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            CallContext owner = t.as(OWNER);
            String id = start(t, owner, StartSnapshotRequest.builder().volumeSize(1L).clientToken("tok")
                    .tags(tag -> tag.key("k").value("v")));
            SortedMap<Integer, byte[]> written = new TreeMap<>(Map.of(7, block(), 2, block(), 9, new byte[SnapshotBlocks.BLOCK_SIZE]));
            written.forEach((index, data) -> put(t, owner, id, index, data));
            complete(t, owner, id, written);

            Snapshot s = t.services.snapshots().describeSnapshots(owner, DescribeSnapshotsRequest.builder().snapshotIds(id)
                    .build()).snapshots().get(0);
            assertThat(s.stateAsString()).isEqualTo("completed");
            assertThat(s.progress()).isEqualTo("100%");
            assertThat(s.tags()).singleElement().satisfies(tag -> assertThat(tag.key()).isEqualTo("k"));

            List<Block> blocks = t.services.ebs().listSnapshotBlocks(owner, ListSnapshotBlocksRequest.builder()
                    .snapshotId(id).build()).blocks();
            assertThat(blocks).extracting(Block::blockIndex).containsExactly(2, 7, 9);
            // A second service over the same catalogue, as another node would be, accepts the same tokens.
            EbsService otherNode = new EbsService(t.services.catalog(), t.clock, t.services.snapshotBlocks(),
                    t.services.snapshots(), t.services.tags(),
                    new SnapshotTimeouts(t.services.catalog(), t.services.snapshotBlocks(), t.clock),
                    t.services.encryptionDefaults(), new SnapshotEncryption(t.services.catalog(), t.services.kms()));
            for (Block b : blocks) {
                assertThat(otherNode.getSnapshotBlock(owner, GetSnapshotBlockRequest.builder().snapshotId(id)
                        .blockIndex(b.blockIndex()).blockToken(b.blockToken()).build()).data())
                        .isEqualTo(written.get(b.blockIndex()));
            }

            assertThat(start(t, owner, StartSnapshotRequest.builder().volumeSize(1L).clientToken("tok")
                    .tags(tag -> tag.key("k").value("v")))).isEqualTo(id);
            assertError(ErrorCode.ConflictException, () -> start(t, owner, StartSnapshotRequest.builder().volumeSize(2L)
                    .clientToken("tok")));
            assertThat(start(t, t.as(OTHER), StartSnapshotRequest.builder().volumeSize(2L).clientToken("tok"))).isNotEqualTo(id);
        }
    }

    @BothCatalogs
    void aChildDiffersFromItsParentExactlyWhereItWasWritten(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            CallContext owner = t.as(OWNER);
            String parent = start(t, owner, StartSnapshotRequest.builder().volumeSize(1L));
            SortedMap<Integer, byte[]> parentBlocks = new TreeMap<>();
            for (int i = 0; i < 5; i++) {
                parentBlocks.put(i, block());
            }
            parentBlocks.forEach((index, data) -> put(t, owner, parent, index, data));
            complete(t, owner, parent, parentBlocks);

            String child = start(t, owner, StartSnapshotRequest.builder().volumeSize(1L).parentSnapshotId(parent));
            SortedMap<Integer, byte[]> childBlocks = new TreeMap<>(Map.of(1, block(), 3, parentBlocks.get(3), 100, block()));
            childBlocks.forEach((index, data) -> put(t, owner, child, index, data));
            complete(t, owner, child, childBlocks);

            List<ChangedBlock> changed = t.services.ebs().listChangedBlocks(owner, ListChangedBlocksRequest.builder()
                    .firstSnapshotId(parent).secondSnapshotId(child).build()).changedBlocks();
            assertThat(changed).extracting(ChangedBlock::blockIndex).containsExactly(1, 100);
            assertThat(t.services.snapshotBlocks().count(child)).isEqualTo(6);

            t.services.snapshots().deleteSnapshot(owner, DeleteSnapshotRequest.builder().snapshotId(parent).build());
            assertThat(t.services.snapshotBlocks().count(parent)).isZero();
            assertThat(t.services.snapshotBlocks().read(child, 0)).contains(parentBlocks.get(0));
        }
    }

    @BothCatalogs
    void anIdleSnapshotGoesToErrorAtTheSweepAndFreesItsBlocks(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            CallContext owner = t.as(OWNER);
            SnapshotTimeouts timeouts = new SnapshotTimeouts(t.services.catalog(), t.services.snapshotBlocks(), t.clock);
            String idle = start(t, owner, StartSnapshotRequest.builder().volumeSize(1L).timeout(10));
            String busy = start(t, owner, StartSnapshotRequest.builder().volumeSize(1L).timeout(10));
            put(t, owner, idle, 0, block());
            t.clock.advance(Duration.ofMinutes(8));
            SortedMap<Integer, byte[]> busyBlocks = new TreeMap<>(Map.of(0, block()));
            put(t, owner, busy, 0, busyBlocks.get(0));
            t.clock.advance(Duration.ofMinutes(3));

            assertThat(timeouts.sweep()).isEqualTo(1);
            assertThat(timeouts.sweep()).isZero();
            assertThat(state(t, owner, idle)).isEqualTo("error");
            assertThat(state(t, owner, busy)).isEqualTo("pending");
            assertThat(t.services.snapshotBlocks().count(idle)).isZero();
            assertReason("WRITE_REQUEST_TIMEOUT", () -> put(t, owner, idle, 1, block()));
            complete(t, owner, busy, busyBlocks);
            assertThat(state(t, owner, busy)).isEqualTo("completed");
        }
    }

    private String start(TernFixture t, CallContext ctx, StartSnapshotRequest.Builder request) {
        return t.services.ebs().startSnapshot(ctx, request.build()).snapshotId();
    }

    private static void put(TernFixture t, CallContext ctx, String id, int index, byte[] data) {
        t.services.ebs().putSnapshotBlock(ctx, PutSnapshotBlockRequest.builder().snapshotId(id).blockIndex(index)
                .dataLength(data.length).checksum(EbsChecksums.base64Sha256(data))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).build(), data);
    }

    private static void complete(TernFixture t, CallContext ctx, String id, SortedMap<Integer, byte[]> written) {
        List<byte[]> digests = new ArrayList<>();
        written.values().forEach(d -> digests.add(EbsChecksums.sha256(d)));
        t.services.ebs().completeSnapshot(ctx, CompleteSnapshotRequest.builder().snapshotId(id)
                .changedBlocksCount(written.size()).checksum(EbsChecksums.linear(digests)).build());
    }

    private static String state(TernFixture t, CallContext ctx, String id) {
        return t.services.snapshots().describeSnapshots(ctx, DescribeSnapshotsRequest.builder().snapshotIds(id).build())
                .snapshots().get(0).stateAsString();
    }

    private static void assertReason(String reason, ThrowingCallable call) {
        assertError(ErrorCode.ValidationException, call)
                .satisfies(e -> assertThat(((TernException) e).reason()).isEqualTo(reason));
    }

    private byte[] block() {
        byte[] data = new byte[SnapshotBlocks.BLOCK_SIZE];
        random.nextBytes(data);
        return data;
    }
}
