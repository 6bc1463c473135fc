package dev.tern.ebs;

import dev.tern.account.CallContext;
import dev.tern.blocks.BlockData;
import dev.tern.blocks.BlockRef;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.snapshots.SnapshotRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksRequest;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksResponse;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksRequest;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;

/**
 * ListSnapshotBlocks, ListChangedBlocks and GetSnapshotBlock: reading completed snapshots the caller can see. Lists
 * hand out a block token for each block, and a block is read only with a token given for exactly that block.
 */
final class SnapshotReads {
    static final int MIN_RESULTS = 100;
    static final int MAX_RESULTS = 10000;

    private final Catalog catalog;
    private final SnapshotBlocks blocks;
    private final BlockTokens tokens;
    private final SnapshotEncryption encryption;
    private final EbsSnapshots access = new EbsSnapshots();
    private final ChangedBlocks changed;

    SnapshotReads(Catalog catalog, SnapshotBlocks blocks, BlockTokens tokens, SnapshotEncryption encryption) {
        this.encryption = encryption;
        this.catalog = catalog;
        this.blocks = blocks;
        this.tokens = tokens;
        this.changed = new ChangedBlocks(catalog, blocks, tokens);
    }

    ListSnapshotBlocksResponse listSnapshotBlocks(CallContext ctx, ListSnapshotBlocksRequest r) {
        int max = maxResults(r.maxResults());
        SnapshotRow s = catalog.read(h -> access.readable(h, ctx, r.snapshotId(), "SnapshotId"));
        EbsErrors.throughKms(() -> {
            encryption.requireUsable(ctx, s);
            return null;
        });
        String listing = "blocks:" + s.snapshotId();
        int from = startingIndex(r.nextToken(), r.startingBlockIndex(), listing);
        List<BlockRef> refs = blocks.list(s.snapshotId(), from, max + 1);
        Instant expiry = tokens.blockTokenExpiry();
        List<Block> out = new ArrayList<>();
        for (BlockRef ref : refs.subList(0, Math.min(max, refs.size()))) {
            out.add(Block.builder().blockIndex(ref.blockIndex())
                    .blockToken(tokens.blockToken(s.snapshotId(), ref.blockIndex(), expiry)).build());
        }
        return ListSnapshotBlocksResponse.builder()
                .blocks(out)
                .expiryTime(expiry)
                .volumeSize((long) s.volumeSize())
                .blockSize(SnapshotBlocks.BLOCK_SIZE)
                .nextToken(refs.size() > max ? tokens.pageToken(listing, refs.get(max).blockIndex()) : null)
                .build();
    }

    ListChangedBlocksResponse listChangedBlocks(CallContext ctx, ListChangedBlocksRequest r) {
        int max = maxResults(r.maxResults());
        SnapshotRow[] pair = catalog.read(h -> {
            SnapshotRow second = access.readable(h, ctx, r.secondSnapshotId(), "SecondSnapshotId");
            SnapshotRow first = r.firstSnapshotId() == null ? null
                    : access.readable(h, ctx, r.firstSnapshotId(), "FirstSnapshotId");
            if (first != null && !ChangedBlocks.related(h, first, second)) {
                throw EbsErrors.invalid(EbsErrors.UNRELATED_SNAPSHOTS, "The snapshots " + first.snapshotId() + " and "
                        + second.snapshotId() + " share no lineage, so their blocks cannot be compared.");
            }
            return new SnapshotRow[] {first, second};
        });
        SnapshotRow first = pair[0];
        SnapshotRow second = pair[1];
        String listing = "changed:" + (first == null ? "-" : first.snapshotId()) + ":" + second.snapshotId();
        int from = startingIndex(r.nextToken(), r.startingBlockIndex(), listing);
        ChangedBlocks.Page page = changed.page(first == null ? null : first.snapshotId(), second.snapshotId(), from, max);
        return ListChangedBlocksResponse.builder()
                .changedBlocks(page.blocks())
                .expiryTime(page.expiry())
                .volumeSize((long) second.volumeSize())
                .blockSize(SnapshotBlocks.BLOCK_SIZE)
                .nextToken(page.nextIndex() == null ? null : tokens.pageToken(listing, page.nextIndex()))
                .build();
    }

    SnapshotBlock getSnapshotBlock(CallContext ctx, GetSnapshotBlockRequest r) {
        SnapshotRow s = catalog.read(h -> access.readable(h, ctx, r.snapshotId(), "SnapshotId"));
        int index = EbsSnapshots.requireBlockIndex(r.blockIndex(), s);
        if (r.blockToken() == null || r.blockToken().isEmpty()) {
            throw EbsErrors.invalid(EbsErrors.INVALID_BLOCK_TOKEN, "BlockToken is required.");
        }
        tokens.verifyBlockToken(r.blockToken(), s.snapshotId(), index);
        var keys = encryption.keysFor(ctx);
        BlockData block = EbsErrors.throughKms(() -> blocks.read(s.snapshotId(), index, keys)).orElseThrow(() ->
                EbsErrors.invalid(EbsErrors.INVALID_BLOCK, "Block " + index + " of snapshot " + s.snapshotId()
                        + " holds no data."));
        // read() has checked the data against its object's SHA-256 (a sealed block: against its GCM tag, under its
        // snapshot and index), so the recorded checksum is the data's own: hashing 512 KiB again would only cost time.
        byte[] data = block.data();
        GetSnapshotBlockResponse response = GetSnapshotBlockResponse.builder()
                .dataLength(data.length)
                .checksum(EbsChecksums.base64OfHex(block.checksum()))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .build();
        return new SnapshotBlock(response, data);
    }

    private static int maxResults(Integer requested) {
        if (requested == null) {
            return MAX_RESULTS;
        }
        if (requested < MIN_RESULTS || requested > MAX_RESULTS) {
            throw EbsErrors.invalidParameter("MaxResults must be between " + MIN_RESULTS + " and " + MAX_RESULTS
                    + ", not " + requested + ".");
        }
        return requested;
    }

    /** Where a page starts: a NextToken wins over StartingBlockIndex, as AWS documents. */
    private int startingIndex(String nextToken, Integer startingBlockIndex, String listing) {
        if (nextToken != null && !nextToken.isEmpty()) {
            return tokens.verifyPageToken(nextToken, listing);
        }
        if (startingBlockIndex == null) {
            return 0;
        }
        if (startingBlockIndex < 0) {
            throw EbsErrors.invalidParameter("StartingBlockIndex must not be negative, not " + startingBlockIndex + ".");
        }
        return startingBlockIndex;
    }
}
