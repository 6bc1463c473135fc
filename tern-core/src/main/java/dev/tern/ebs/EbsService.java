package dev.tern.ebs;

import dev.tern.account.CallContext;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.encryption.EncryptionDefaults;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.catalog.ServerSecrets;
import dev.tern.snapshots.SnapshotService;
import dev.tern.tags.TagService;
import java.time.Clock;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksRequest;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksResponse;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksRequest;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;

/**
 * The EBS direct APIs: write snapshots block by block and read them back, with real data in the block store.
 * Snapshots made here are the same snapshots EC2's DescribeSnapshots shows and RegisterImage uses.
 */
public final class EbsService {
    /** The name of the HMAC key of block and page tokens in the catalogue's server secrets. */
    static final String TOKEN_KEY = "ebs-token-key";

    private final StartSnapshot start;
    private final SnapshotWrites writes;
    private final SnapshotReads reads;

    public EbsService(Catalog catalog, Clock clock, SnapshotBlocks blocks, SnapshotService snapshots, TagService tags,
            SnapshotTimeouts timeouts, EncryptionDefaults defaults, SnapshotEncryption encryption) {
        BlockTokens tokens = new BlockTokens(ServerSecrets.get(catalog, TOKEN_KEY, clock), clock);
        this.start = new StartSnapshot(catalog, clock, blocks, snapshots, tags, defaults, encryption);
        this.writes = new SnapshotWrites(catalog, clock, blocks, timeouts, encryption);
        this.reads = new SnapshotReads(catalog, blocks, tokens, encryption);
    }

    public StartSnapshotResponse startSnapshot(CallContext ctx, StartSnapshotRequest request) {
        return start.start(ctx, request);
    }

    /** @param data the block, which travels as the request's raw body rather than as a member of the request */
    public PutSnapshotBlockResponse putSnapshotBlock(CallContext ctx, PutSnapshotBlockRequest request, byte[] data) {
        return writes.put(ctx, request, data);
    }

    public CompleteSnapshotResponse completeSnapshot(CallContext ctx, CompleteSnapshotRequest request) {
        return writes.complete(ctx, request);
    }

    public ListSnapshotBlocksResponse listSnapshotBlocks(CallContext ctx, ListSnapshotBlocksRequest request) {
        return reads.listSnapshotBlocks(ctx, request);
    }

    public ListChangedBlocksResponse listChangedBlocks(CallContext ctx, ListChangedBlocksRequest request) {
        return reads.listChangedBlocks(ctx, request);
    }

    public SnapshotBlock getSnapshotBlock(CallContext ctx, GetSnapshotBlockRequest request) {
        return reads.getSnapshotBlock(ctx, request);
    }
}
