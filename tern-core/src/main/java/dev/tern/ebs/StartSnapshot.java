package dev.tern.ebs;

import dev.tern.account.CallContext;
import dev.tern.blocks.Sha256;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.encryption.EncryptionDefaults;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import dev.tern.snapshots.SnapshotRepository;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotService;
import dev.tern.snapshots.SnapshotState;
import dev.tern.tags.TagRules;
import dev.tern.tags.TagService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ebs.model.SSEType;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.Status;
import software.amazon.awssdk.services.ebs.model.Tag;

/**
 * StartSnapshot: a new pending snapshot of the caller, empty or holding every block of its parent, with its
 * Timeout running. Parameters are checked as the EBS model constrains them; a ClientToken makes a retry answer
 * with the snapshot the first request started. Whether the snapshot is encrypted, and under which key, follows the
 * outcome table of docs/ebs-direct.md ({@link #encryption}); an encrypted snapshot gets its own data key.
 */
final class StartSnapshot {
    static final int DEFAULT_TIMEOUT_MINUTES = 60;
    static final int MIN_TIMEOUT_MINUTES = 10;
    static final int MAX_TIMEOUT_MINUTES = 4320;
    /** Snapshots one account may have pending through these APIs in a Region (the EBS quota). */
    static final int MAX_PENDING_SNAPSHOTS = 100;
    private static final int MAX_CLIENT_TOKEN = 255;
    private static final int MAX_TAG_VALUE = 255;

    private final Catalog catalog;
    private final Clock clock;
    private final SnapshotBlocks blocks;
    private final SnapshotService snapshotService;
    private final TagService tags;
    private final EncryptionDefaults defaults;
    private final SnapshotEncryption encryption;
    private final EbsSnapshots access = new EbsSnapshots();
    private final SnapshotRepository snapshots = new SnapshotRepository();

    StartSnapshot(Catalog catalog, Clock clock, SnapshotBlocks blocks, SnapshotService snapshotService, TagService tags,
                  EncryptionDefaults defaults, SnapshotEncryption encryption) {
        this.defaults = defaults;
        this.encryption = encryption;
        this.catalog = catalog;
        this.clock = clock;
        this.blocks = blocks;
        this.snapshotService = snapshotService;
        this.tags = tags;
    }

    StartSnapshotResponse start(CallContext ctx, StartSnapshotRequest r) {
        validate(r);
        Map<String, String> snapshotTags = validTags(r.tags());
        int timeout = r.timeout() == null ? DEFAULT_TIMEOUT_MINUTES : r.timeout();
        String token = r.clientToken();
        String requestHash = token == null ? null : requestHash(r, timeout);
        // KMS is asked before the transaction: it reads and may write the catalogue itself (the AWS managed key).
        SnapshotRow parentNow = r.parentSnapshotId() == null ? null : catalog.read(h -> parent(h, ctx, r));
        String keyArn = encryption(ctx, r, parentNow);
        SnapshotEncryption.NewDataKey dataKey = keyArn == null ? null
                : EbsErrors.throughKms(() -> encryption.newDataKey(ctx, keyArn));
        return catalog.inTransaction(h -> {
            if (token != null) {
                var used = EbsRepository.clientToken(h, ctx.accountId(), ctx.regionName(), token);
                if (used.isPresent()) {
                    if (!used.get().requestHash().equals(requestHash)) {
                        throw ErrorCode.ConflictException.exception();
                    }
                    return render(h, ctx, snapshots.find(h, used.get().snapshotId(), ctx.regionName()).orElseThrow());
                }
            }
            SnapshotRow parent = r.parentSnapshotId() == null ? null : parent(h, ctx, r);
            if (EbsRepository.pendingCount(h, ctx.accountId(), ctx.regionName()) >= MAX_PENDING_SNAPSHOTS) {
                throw ErrorCode.ConcurrentLimitExceededException.withMessage("You have reached the limit of "
                        + MAX_PENDING_SNAPSHOTS + " pending snapshots in " + ctx.regionName() + ".");
            }
            long now = clock.millis();
            String id = ResourceIds.newId(ResourceIds.SNAPSHOT);
            if (parent != null && (parent.encrypted() != (dataKey != null)
                    || (dataKey != null && !dataKey.kmsKeyArn().equals(parent.kmsKeyId())))) {
                throw ErrorCode.ConflictException.withMessage("The parent snapshot " + parent.snapshotId()
                        + " changed while this snapshot was being started; retry.");
            }
            SnapshotRow row = SnapshotRow.builder().snapshotId(id).region(ctx.regionName()).ownerId(ctx.accountId())
                    .volumeId(SnapshotService.NO_VOLUME_ID).volumeSize(r.volumeSize().intValue())
                    .status(SnapshotState.PENDING.wire()).progress("0%").startTime(now).description(r.description())
                    .encrypted(dataKey != null).kmsKeyId(dataKey == null ? null : dataKey.kmsKeyArn())
                    .dataEncryptionKeyId(dataKey == null ? null : dataKey.dataKeyId()).storageTier("standard")
                    .parentSnapshotId(parent == null ? null : parent.snapshotId()).build();
            if (dataKey != null) {
                encryption.record(h, dataKey, now);
            }
            snapshotService.recordStarted(h, ctx, row, snapshotTags);
            EbsRepository.insertPending(h, id, timeout, now + timeout * 60_000L);
            if (parent != null) {
                // In this transaction: a child that exists without its parent's blocks would complete as a wrong disk.
                blocks.inherit(h, id, parent.snapshotId());
            }
            if (token != null) {
                EbsRepository.insertClientToken(h, ctx.accountId(), ctx.regionName(), token, requestHash, id, now);
            }
            return render(h, ctx, row);
        });
    }

    private static void validate(StartSnapshotRequest r) {
        if (r.volumeSize() == null) {
            throw EbsErrors.invalidParameter("VolumeSize is required.");
        }
        if (r.volumeSize() < 1 || r.volumeSize() > SnapshotService.MAX_VOLUME_SIZE_GIB) {
            throw EbsErrors.invalid(EbsErrors.INVALID_VOLUME_SIZE, "The volume size must be between 1 and "
                    + SnapshotService.MAX_VOLUME_SIZE_GIB + " GiB, not " + r.volumeSize() + ".");
        }
        if (r.timeout() != null && (r.timeout() < MIN_TIMEOUT_MINUTES || r.timeout() > MAX_TIMEOUT_MINUTES)) {
            throw EbsErrors.invalidParameter("Timeout must be between " + MIN_TIMEOUT_MINUTES + " and "
                    + MAX_TIMEOUT_MINUTES + " minutes, not " + r.timeout() + ".");
        }
        if (r.description() != null && r.description().length() > SnapshotService.MAX_DESCRIPTION_LENGTH) {
            throw EbsErrors.invalidParameter("The description must be at most "
                    + SnapshotService.MAX_DESCRIPTION_LENGTH + " characters long.");
        }
        if (r.clientToken() != null && (r.clientToken().isEmpty() || r.clientToken().length() > MAX_CLIENT_TOKEN
                || !r.clientToken().chars().allMatch(c -> c > ' ' && c < 0x7f))) {
            throw EbsErrors.invalidParameter("ClientToken must be 1 to " + MAX_CLIENT_TOKEN
                    + " printable ASCII characters without spaces.");
        }
        if (r.parentSnapshotId() != null) {
            EbsSnapshots.requireWellFormed(r.parentSnapshotId(), "ParentSnapshotId");
            if (r.encrypted() != null) {
                // [EBSAPI-ENC]: a child takes its parent's encryption; naming it as well is refused either way.
                throw EbsErrors.invalid(EbsErrors.INVALID_DEPENDENCY_REQUEST,
                        "Encrypted cannot be given with ParentSnapshotId: the snapshot is encrypted as its parent is.");
            }
        }
    }

    /**
     * The KMS key ARN the new snapshot is encrypted under, or null for an unencrypted one: the outcome table of
     * [EBSAPI-ENC] (docs/ebs-direct.md, "Encryption"). A child keeps its parent's encryption; without a parent, Encrypted and
     * KmsKeyArn decide, with encryption by default (EBD) and the account's default key filling the gaps. Where the
     * table's row is lost (an unencrypted parent and a key), Tern refuses rather than mix clear and sealed blocks.
     */
    private String encryption(CallContext ctx, StartSnapshotRequest r, SnapshotRow parent) {
        EncryptionDefaults.Setting ebd = defaults.current(ctx.accountId(), ctx.regionName());
        String key = r.kmsKeyArn();
        if (parent != null) {
            if (parent.encrypted()) {
                if (key != null) {
                    throw EbsErrors.invalid(EbsErrors.INVALID_DEPENDENCY_REQUEST, "KmsKeyArn cannot be given with an "
                            + "encrypted parent snapshot: the snapshot is encrypted under its parent's key.");
                }
                return EbsErrors.throughKms(() -> encryption.requireKey(ctx, parent.kmsKeyId()));
            }
            if (ebd.byDefault() || key != null) {
                throw EbsErrors.invalid(EbsErrors.INVALID_DEPENDENCY_REQUEST, "The parent snapshot "
                        + parent.snapshotId() + " is not encrypted, so its child cannot be encrypted"
                        + (ebd.byDefault() ? ", and encryption by default is enabled in " + ctx.regionName() : "") + ".");
            }
            return null;
        }
        if (Boolean.FALSE.equals(r.encrypted())) {
            if (key != null) {
                throw EbsErrors.invalid(EbsErrors.INVALID_PARAMETER_VALUE, "KmsKeyArn cannot be given with Encrypted=false.");
            }
            if (ebd.byDefault()) {
                throw EbsErrors.invalid(EbsErrors.INVALID_PARAMETER_VALUE, "Encryption by default is enabled in "
                        + ctx.regionName() + ", so an unencrypted snapshot cannot be created.");
            }
            return null;
        }
        if (key != null) {
            return EbsErrors.throughKms(() -> encryption.requireKey(ctx, key));
        }
        if (Boolean.TRUE.equals(r.encrypted()) || ebd.byDefault()) {
            return EbsErrors.throughKms(() -> defaults.defaultKeyArn(ctx));
        }
        return null;
    }

    private SnapshotRow parent(Handle h, CallContext ctx, StartSnapshotRequest r) {
        SnapshotRow parent = access.visible(h, ctx, r.parentSnapshotId(), "ParentSnapshotId");
        if (parent.state() != SnapshotState.COMPLETED) {
            throw EbsErrors.invalid(EbsErrors.INVALID_SNAPSHOT_ID, "The parent snapshot '" + parent.snapshotId()
                    + "' is " + parent.status() + "; only a completed snapshot can be a parent.");
        }
        if (parent.volumeSize() > r.volumeSize()) {
            throw EbsErrors.invalid(EbsErrors.INVALID_VOLUME_SIZE, "The volume size " + r.volumeSize()
                    + " GiB is smaller than the parent snapshot's " + parent.volumeSize() + " GiB.");
        }
        return parent;
    }

    private static Map<String, String> validTags(List<Tag> requested) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Tag t : requested) {
            String key = t.key();
            if (key == null || key.isEmpty() || key.length() > TagRules.MAX_KEY_LENGTH || key.startsWith("aws:")) {
                throw EbsErrors.invalid(EbsErrors.INVALID_TAG, "Tag keys must be 1 to "
                        + TagRules.MAX_KEY_LENGTH + " characters and cannot start with aws:.");
            }
            if (t.value() != null && t.value().length() > MAX_TAG_VALUE) {
                throw EbsErrors.invalid(EbsErrors.INVALID_TAG, "Tag values must be at most " + MAX_TAG_VALUE + " characters.");
            }
            out.put(key, t.value() == null ? "" : t.value());
        }
        if (out.size() > TagRules.MAX_TAGS_PER_RESOURCE) {
            throw EbsErrors.invalid(EbsErrors.INVALID_TAG, "A snapshot can have at most "
                    + TagRules.MAX_TAGS_PER_RESOURCE + " tags.");
        }
        return out;
    }

    /** What makes two requests with one ClientToken the same request: every parameter but the token itself. */
    private static String requestHash(StartSnapshotRequest r, int timeout) {
        StringBuilder sb = new StringBuilder();
        for (Object field : new Object[] {r.volumeSize(), r.parentSnapshotId(), r.description(), r.encrypted(),
                r.kmsKeyArn(), timeout}) {
            appendField(sb, field == null ? null : field.toString());
        }
        for (Tag t : r.tags()) {
            appendField(sb, t.key());
            appendField(sb, t.value());
        }
        return Sha256.hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    // Length-prefixed, so no two different lists of fields ever give the same text.
    private static void appendField(StringBuilder sb, String value) {
        sb.append(value == null ? "-" : value.length() + ":" + value).append('|');
    }

    private StartSnapshotResponse render(Handle h, CallContext ctx, SnapshotRow s) {
        List<Tag> tagList = tags.tagsOf(h, ctx.accountId(), s.snapshotId()).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        return StartSnapshotResponse.builder()
                .snapshotId(s.snapshotId())
                .ownerId(s.ownerId())
                .status(Status.fromValue(s.status()))
                .startTime(Instant.ofEpochMilli(s.startTime()))
                .volumeSize((long) s.volumeSize())
                .blockSize(SnapshotBlocks.BLOCK_SIZE)
                .description(s.description())
                .parentSnapshotId(s.parentSnapshotId())
                .tags(tagList.isEmpty() ? null : tagList)
                .sseType(s.encrypted() ? SSEType.SSE_KMS : SSEType.NONE)
                .kmsKeyArn(s.kmsKeyId())
                .build();
    }
}
