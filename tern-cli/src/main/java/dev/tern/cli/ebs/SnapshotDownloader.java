package dev.tern.cli.ebs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;

/**
 * Downloads a completed snapshot into a sparse file of its full volume size: ListSnapshotBlocks page by page,
 * GetSnapshotBlock for each listed block with many in flight, each checked against its SHA-256 header and written
 * at its offset. Blocks that are not listed (and listed blocks that hold only zeros) are never written, so the file
 * takes only as much disk as the snapshot holds data.
 */
final class SnapshotDownloader {
    /** The most ListSnapshotBlocks returns in one page. */
    static final int PAGE_SIZE = 10_000;

    record Result(long volumeSizeGiB, long blocksListed, long blocksWritten) {
    }

    private record Fetched(int length, String checksum) {
    }

    private final EbsClient ebs;
    private final int concurrency;
    private final Retrier retrier;

    SnapshotDownloader(EbsClient ebs, int concurrency, Retrier retrier) {
        this.ebs = Objects.requireNonNull(ebs, "ebs is null");
        this.concurrency = concurrency;
        this.retrier = Objects.requireNonNull(retrier, "retrier is null");
    }

    /** @param progress makes the bar for the volume's number of blocks */
    Result download(String snapshotId, Path target, LongFunction<ProgressBar> progress)
            throws IOException, InterruptedException, BlockWorkers.BlockFailure {
        ListSnapshotBlocksResponse page = listPage(snapshotId, null);
        long volume = page.volumeSize();
        if (page.blockSize() != EbsBlocks.BLOCK_SIZE) {
            throw new IllegalStateException(snapshotId + " has blocks of " + page.blockSize()
                    + " bytes; only " + EbsBlocks.BLOCK_SIZE + " is supported");
        }
        long listed = 0;
        AtomicLong written = new AtomicLong();
        try (BlockFile file = BlockFile.create(target, volume * EbsBlocks.GIB);
             BlockWorkers workers = new BlockWorkers("tern-download", concurrency);
             ProgressBar bar = progress.apply(volume * EbsBlocks.GIB / EbsBlocks.BLOCK_SIZE)) {
            while (true) {
                for (Block listedBlock : page.blocks()) {
                    listed++;
                    workers.submit(block -> {
                        int length = fetchBlock(workers, snapshotId, listedBlock, block);
                        if (!workers.onCpu(() -> EbsBlocks.isAllZero(block, length))) {
                            file.write(listedBlock.blockIndex(), block, length);
                            written.incrementAndGet();
                        }
                        bar.advance(1);
                    });
                }
                if (page.nextToken() == null) {
                    break;
                }
                page = listPage(snapshotId, page.nextToken());
            }
            workers.awaitAll();
        }
        return new Result(volume, listed, written.get());
    }

    private ListSnapshotBlocksResponse listPage(String snapshotId, String nextToken) throws InterruptedException {
        return retrier.run("ListSnapshotBlocks " + snapshotId, () -> ebs.listSnapshotBlocks(b -> b
                .snapshotId(snapshotId).maxResults(PAGE_SIZE).nextToken(nextToken)));
    }

    /** Reads one block into {@code buffer} and checks its SHA-256; a mismatch is retried like an I/O error. */
    private int fetchBlock(BlockWorkers workers, String snapshotId, Block listed, byte[] buffer) throws InterruptedException {
        return retrier.run("GetSnapshotBlock " + listed.blockIndex(), () -> {
            Fetched f = ebs.getSnapshotBlock(b -> b.snapshotId(snapshotId)
                    .blockIndex(listed.blockIndex()).blockToken(listed.blockToken()),
                    (ResponseTransformer<GetSnapshotBlockResponse, Fetched>) (response, in) -> {
                        int n = in.readNBytes(buffer, 0, buffer.length);
                        if (in.read() >= 0) {
                            throw new Retrier.TransientException("block " + listed.blockIndex()
                                    + " is longer than " + buffer.length + " bytes");
                        }
                        return new Fetched(n, response.checksum());
                    });
            if (f.checksum() != null) {
                String actual = EbsChecksums.base64(workers.onCpu(() -> EbsChecksums.sha256(buffer, f.length())));
                if (!actual.equals(f.checksum())) {
                    throw new Retrier.TransientException("block " + listed.blockIndex() + " of " + snapshotId
                            + " arrived with SHA-256 " + actual + " but the answer said " + f.checksum());
                }
            }
            return f.length();
        });
    }
}
