package dev.tern.junit;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.ebs.EbsChecksums;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.Tag;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;

/**
 * A completed EBS snapshot with real blocks, made as an upload through the EBS direct APIs makes one (StartSnapshot,
 * PutSnapshotBlock with checksums, CompleteSnapshot), by the Tern under test's own services:
 * {@code String snap = tern.snapshot("us-east-1").withRandomData(64 * MiB).create();}. All-zero blocks are left out,
 * as EBS leaves them out; the volume is the data's size rounded up to whole GiB unless given.
 */
public final class SnapshotFixture {
    private static final long GIB = 1L << 30;
    /** Blocks written at once, as many as an upload keeps in flight. */
    private static final int IN_FLIGHT = 16;

    private final TernExtension tern;
    private final String region;
    private String account;
    private BlockSource data = BlockSource.none();
    private Integer volumeGiB;
    private String description = "made by TernExtension";
    private boolean encrypted;
    private String kmsKeyId;
    private final List<String> sharedWith = new ArrayList<>();
    private final Map<String, String> tags = new LinkedHashMap<>();

    SnapshotFixture(TernExtension tern, String region) {
        this.tern = tern;
        this.region = region;
        this.account = tern.account().id();
    }

    /** {@code bytes} of pseudo-random data (seed 0): every block holds data. */
    public SnapshotFixture withRandomData(long bytes) {
        return withRandomData(bytes, 0);
    }

    /** {@code bytes} of pseudo-random data from {@code seed}: the same seed gives the same bytes. */
    public SnapshotFixture withRandomData(long bytes, long seed) {
        data = BlockSource.random(bytes, seed);
        return this;
    }

    /** The bytes of {@code file} (a raw disk image), from offset 0. */
    public SnapshotFixture withDataFrom(Path file) {
        data = BlockSource.file(file);
        return this;
    }

    /** {@code pattern} repeated to fill {@code bytes} bytes. */
    public SnapshotFixture withPattern(byte[] pattern, long bytes) {
        data = BlockSource.pattern(pattern, bytes);
        return this;
    }

    /** Exactly these bytes. */
    public SnapshotFixture withData(byte[] bytes) {
        data = BlockSource.bytes(bytes);
        return this;
    }

    /** The volume size in GiB (by default the data's size rounded up, at least 1). */
    public SnapshotFixture volumeSize(int gib) {
        volumeGiB = gib;
        return this;
    }

    public SnapshotFixture description(String text) {
        description = text;
        return this;
    }

    /** The owning account (by default the extension's first). */
    public SnapshotFixture owner(String accountId) {
        account = accountId;
        return this;
    }

    /** Encrypted under the account's default EBS key. */
    public SnapshotFixture encrypted() {
        encrypted = true;
        return this;
    }

    /** Encrypted under this KMS key (id, ARN or alias). */
    public SnapshotFixture encryptedWith(String kmsKey) {
        encrypted = true;
        kmsKeyId = kmsKey;
        return this;
    }

    /** Gives these accounts permission to create volumes from it (shares it). */
    public SnapshotFixture sharedWith(String... accountIds) {
        sharedWith.addAll(List.of(accountIds));
        return this;
    }

    public SnapshotFixture tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    int volumeGiB() {
        return volumeGiB != null ? volumeGiB : (int) Math.max(1, (data.size() + GIB - 1) / GIB);
    }

    String region() {
        return region;
    }

    String account() {
        return account;
    }

    /** Makes the snapshot; returns its id once it is completed. */
    public String create() {
        TernServices services = tern.server().services();
        CallContext ctx = tern.context(account, region);
        String id = services.ebs().startSnapshot(ctx, StartSnapshotRequest.builder()
                .volumeSize((long) volumeGiB())
                .description(description)
                .encrypted(encrypted ? Boolean.TRUE : null)
                .kmsKeyArn(kmsKeyId)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .build()).snapshotId();
        byte[][] digests = writeBlocks(services, ctx, id);
        List<byte[]> written = java.util.Arrays.stream(digests).filter(java.util.Objects::nonNull).toList();
        services.ebs().completeSnapshot(ctx, CompleteSnapshotRequest.builder().snapshotId(id)
                .changedBlocksCount(written.size()).checksum(EbsChecksums.linear(written))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumAggregationMethod(ChecksumAggregationMethod.LINEAR)
                .build());
        if (!sharedWith.isEmpty()) {
            services.snapshots().modifySnapshotAttribute(ctx, ModifySnapshotAttributeRequest.builder().snapshotId(id)
                    .attribute("createVolumePermission")
                    .createVolumePermission(p -> p.add(sharedWith.stream()
                            .map(a -> software.amazon.awssdk.services.ec2.model.CreateVolumePermission.builder().userId(a).build())
                            .toList()))
                    .build());
        }
        return id;
    }

    /**
     * Puts every block that is not all zeros, {@link #IN_FLIGHT} at a time as an upload does (on SQLite their
     * catalogue writes then share disk syncs); returns each block's SHA-256 by index, null for the blocks left out.
     */
    private byte[][] writeBlocks(TernServices services, CallContext ctx, String id) {
        byte[][] digests = new byte[data.blocks()][];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(IN_FLIGHT);
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < data.blocks(); i++) {
                int index = i;
                slots.acquireUninterruptibly();
                puts.add(pool.submit(() -> {
                    try {
                        byte[] block = new byte[BlockSource.BLOCK];
                        data.fill(index, block);
                        if (allZero(block)) {
                            return;
                        }
                        digests[index] = EbsChecksums.sha256(block);
                        services.ebs().putSnapshotBlock(ctx, PutSnapshotBlockRequest.builder().snapshotId(id)
                                .blockIndex(index).dataLength(block.length).checksum(EbsChecksums.base64Sha256(block))
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256).build(), block);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the blocks of " + id, e);
        }
        return digests;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
