package dev.tern.cli.ebs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;

/**
 * Uploads a file as a new EBS snapshot with the EBS direct APIs, the way coldsnap does: StartSnapshot, then
 * PutSnapshotBlock for every block that is not all zeros (a final partial block zero-padded), many in flight, then
 * CompleteSnapshot with the count of written blocks and their LINEAR aggregate checksum. Holes of a sparse file are
 * never read.
 */
final class SnapshotUploader {
    /** Minutes without a request before AWS gives up on the pending snapshot; coldsnap's choice. */
    static final int START_SNAPSHOT_TIMEOUT_MINUTES = 10;
    private static final String OCTET_STREAM = "application/octet-stream";

    record Result(String snapshotId, String status, long volumeSizeGiB, long blocksWritten) {
    }

    private final EbsClient ebs;
    private final int concurrency;
    private final Retrier retrier;

    private Boolean encrypted;
    private String kmsKeyArn;

    SnapshotUploader(EbsClient ebs, int concurrency, Retrier retrier) {
        this.ebs = Objects.requireNonNull(ebs, "ebs is null");
        this.concurrency = concurrency;
        this.retrier = Objects.requireNonNull(retrier, "retrier is null");
    }

    /**
     * Asks for an encrypted snapshot: {@code encrypted} and {@code kmsKeyArn} go to StartSnapshot as given (null:
     * left out), and the endpoint decides the outcome as EBS does.
     */
    SnapshotUploader encryption(Boolean encrypted, String kmsKeyArn) {
        this.encrypted = encrypted;
        this.kmsKeyArn = kmsKeyArn;
        return this;
    }

    /**
     * @param volumeSizeGiB the snapshot's volume size, or null for the file's size rounded up to whole GiB
     * @param progress makes the bar for a number of blocks
     */
    Result upload(Path file, Long volumeSizeGiB, String description, LongFunction<ProgressBar> progress)
            throws IOException, InterruptedException, BlockWorkers.BlockFailure {
        long size = Files.size(file);
        long volume = volumeSizeGiB != null ? volumeSizeGiB : EbsBlocks.volumeSizeGiB(size);
        if (volume * EbsBlocks.GIB < size) {
            throw new IllegalArgumentException("--volume-size " + volume + " GiB is smaller than " + file + " ("
                    + size + " bytes, at least " + EbsBlocks.volumeSizeGiB(size) + " GiB)");
        }
        List<DataRegions.BlockRange> ranges = DataRegions.blockRanges(file, size);
        long candidates = ranges.stream().mapToLong(DataRegions.BlockRange::count).sum();

        String clientToken = UUID.randomUUID().toString(); // makes StartSnapshot safe to retry
        StartSnapshotResponse started = retrier.run("StartSnapshot", () -> ebs.startSnapshot(b -> b
                .volumeSize(volume)
                .description(description)
                .encrypted(encrypted)
                .kmsKeyArn(kmsKeyArn)
                .timeout(START_SNAPSHOT_TIMEOUT_MINUTES)
                .clientToken(clientToken)));
        // StartSnapshot's BlockSize is not checked: PutSnapshotBlock accepts only 512 KiB whatever it says.
        String snapshotId = started.snapshotId();

        NavigableMap<Long, byte[]> digests = new ConcurrentSkipListMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             BlockWorkers workers = new BlockWorkers("tern-upload", concurrency);
             ProgressBar bar = progress.apply(candidates)) {
            for (DataRegions.BlockRange range : ranges) {
                for (long index = range.first(); index < range.end(); index++) {
                    long blockIndex = index;
                    workers.submit(block -> {
                        byte[] digest = workers.onCpu(() -> {
                            EbsBlocks.readBlock(channel, size, blockIndex, block);
                            return EbsBlocks.isAllZero(block, EbsBlocks.BLOCK_SIZE) ? null
                                    : EbsChecksums.sha256(block, EbsBlocks.BLOCK_SIZE);
                        });
                        if (digest != null) {
                            putBlock(snapshotId, blockIndex, block, EbsChecksums.base64(digest));
                            digests.put(blockIndex, digest);
                        }
                        bar.advance(1);
                    });
                }
            }
            workers.awaitAll();
        } catch (BlockWorkers.BlockFailure e) {
            throw new BlockWorkers.BlockFailure(new IOException("upload to " + snapshotId + " failed: "
                    + e.getMessage() + " (the snapshot stays pending and goes to error after "
                    + START_SNAPSHOT_TIMEOUT_MINUTES + " minutes)", e.getCause()));
        }

        long written = digests.size();
        CompleteSnapshotResponse completed = retrier.run("CompleteSnapshot", () -> ebs.completeSnapshot(b -> {
            b.snapshotId(snapshotId).changedBlocksCount((int) written);
            if (written > 0) {
                b.checksum(EbsChecksums.linearAggregate(digests.values()))
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                        .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR);
            }
        }));
        return new Result(snapshotId, completed.statusAsString(), volume, written);
    }

    private void putBlock(String snapshotId, long index, byte[] block, String checksum) throws InterruptedException {
        // The body streams straight from the worker's buffer: RequestBody.fromBytes would copy every block.
        RequestBody body = RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(block, 0, EbsBlocks.BLOCK_SIZE), EbsBlocks.BLOCK_SIZE, OCTET_STREAM);
        retrier.run("PutSnapshotBlock " + index, () -> ebs.putSnapshotBlock(b -> b
                .snapshotId(snapshotId)
                .blockIndex(Math.toIntExact(index))
                .dataLength(EbsBlocks.BLOCK_SIZE)
                .checksum(checksum)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), body));
    }
}
