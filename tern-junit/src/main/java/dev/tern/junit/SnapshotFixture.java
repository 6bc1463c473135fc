package dev.tern.junit;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.ebs.EbsChecksums;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<byte[]> digests = new ArrayList<>();
        int written = 0;
        byte[] block = new byte[BlockSource.BLOCK];
        for (int index = 0; index < data.blocks(); index++) {
            java.util.Arrays.fill(block, (byte) 0);
            data.fill(index, block);
            if (allZero(block)) {
                continue;
            }
            digests.add(EbsChecksums.sha256(block));
            services.ebs().putSnapshotBlock(ctx, PutSnapshotBlockRequest.builder().snapshotId(id).blockIndex(index)
                    .dataLength(block.length).checksum(EbsChecksums.base64Sha256(block))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256).build(), block);
            written++;
        }
        services.ebs().completeSnapshot(ctx, CompleteSnapshotRequest.builder().snapshotId(id)
                .changedBlocksCount(written).checksum(EbsChecksums.linear(digests))
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

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
