package dev.tern.encryption;

import dev.tern.account.CallContext;
import dev.tern.blocks.BlockSealing;
import dev.tern.catalog.Catalog;
import dev.tern.ids.ResourceIds;
import dev.tern.kms.Aead;
import dev.tern.kms.KmsService;
import dev.tern.snapshots.SnapshotRow;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.jdbi.v3.core.Handle;

/**
 * The data keys of encrypted snapshots (docs/architecture.md: envelope encryption). Each encrypted snapshot gets its own
 * 256-bit data key from KMS (GenerateDataKeyWithoutPlaintext under the snapshot's KMS key), kept in the catalogue
 * only as KMS ciphertext. Every read or write opens it again through KMS Decrypt for the caller, so a disabled or
 * deleted key, or a caller the key policy and grants do not allow, is refused with KMS's error (which the calling
 * protocol translates). An opened key is reused for the same account for at most a second, and not at all after
 * this process changed any key's state, policy or grants.
 */
public final class SnapshotEncryption {
    public static final String DATA_KEY_PREFIX = "dek";
    private static final String CONTEXT_KEY = "tern:ebs:data-key-id";

    /** A data key issued for a snapshot that is about to be recorded. */
    public record NewDataKey(String dataKeyId, String kmsKeyArn, byte[] ciphertext) {}

    private record Stored(String kmsKeyArn, byte[] ciphertext) {}

    /** A data key KMS opened for one account: good while no key changed here and for {@link #OPENED_FOR_NANOS}. */
    private record Opened(SecretKey key, long generation, long at) {}

    /**
     * How long an opened data key is reused for the same account without asking KMS again. Changes made through this
     * process (disabling a key, a new policy, a revoked grant) end the reuse at once; changes made by another node
     * sharing the catalogue are seen within this long, as KMS itself is eventually consistent.
     */
    static final long OPENED_FOR_NANOS = 1_000_000_000L;
    private static final int MAX_OPENED = 10_000;

    private final Catalog catalog;
    private final KmsService kms;
    /** Data key rows never change once written: the ciphertext is cached, never the plaintext. */
    private final Map<String, Stored> stored = new ConcurrentHashMap<>();
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    public SnapshotEncryption(Catalog catalog, KmsService kms) {
        this.catalog = catalog;
        this.kms = kms;
    }

    /** The ARN of the key {@code keyId} names, if the caller may encrypt snapshots under it now. */
    public String requireKey(CallContext ctx, String keyId) {
        return kms.usableForEbs(ctx, keyId);
    }

    /** Asks KMS, for the caller, for a new data key under {@code kmsKeyArn}. Nothing is recorded yet. */
    public NewDataKey newDataKey(CallContext ctx, String kmsKeyArn) {
        String id = ResourceIds.newId(DATA_KEY_PREFIX);
        KmsService.IssuedDataKey issued = kms.issueDataKey(ctx, kmsKeyArn, context(id));
        return new NewDataKey(id, issued.keyArn(), issued.ciphertext());
    }

    /** Records a data key inside the transaction that records its snapshot. */
    public void record(Handle h, NewDataKey k, long now) {
        h.createUpdate("INSERT INTO snapshot_data_keys (data_key_id, kms_key_arn, ciphertext, created_at)"
                        + " VALUES (:id, :arn, :ciphertext, :now)")
                .bind("id", k.dataKeyId()).bind("arn", k.kmsKeyArn())
                .bind("ciphertext", Base64.getEncoder().encodeToString(k.ciphertext())).bind("now", now).execute();
    }

    /** How the caller's writes to encrypted snapshot {@code s} are sealed; null for an unencrypted snapshot. */
    public BlockSealing sealing(CallContext ctx, SnapshotRow s) {
        if (!s.encrypted()) {
            return null;
        }
        return new BlockSealing(s.dataEncryptionKeyId(), open(ctx, s.dataEncryptionKeyId()), s.snapshotId());
    }

    /** Refuses, with KMS's error, a caller that may not use the key of encrypted snapshot {@code s} now. */
    public void requireUsable(CallContext ctx, SnapshotRow s) {
        if (s.encrypted()) {
            open(ctx, s.dataEncryptionKeyId());
        }
    }

    /**
     * The data keys one request (or one slice of a copy) of the caller may open, each opened once through KMS. Safe
     * to call from several threads at once: a copy opens the blocks of a batch in parallel.
     */
    public Function<String, SecretKey> keysFor(CallContext ctx) {
        Map<String, SecretKey> opened = new ConcurrentHashMap<>();
        return id -> opened.computeIfAbsent(id, k -> open(ctx, k));
    }

    private SecretKey open(CallContext ctx, String dataKeyId) {
        String cacheKey = ctx.accountId() + "|" + ctx.regionName() + "|" + dataKeyId;
        long generation = kms.accessGeneration();
        long now = System.nanoTime();
        Opened o = opened.get(cacheKey);
        if (o != null && o.generation() == generation && now - o.at() < OPENED_FOR_NANOS) {
            return o.key();
        }
        SecretKey key = openThroughKms(ctx, dataKeyId);
        if (opened.size() > MAX_OPENED) {
            opened.clear();
        }
        opened.put(cacheKey, new Opened(key, generation, now));
        return key;
    }

    private SecretKey openThroughKms(CallContext ctx, String dataKeyId) {
        Stored s = stored.computeIfAbsent(dataKeyId, id -> catalog.read(h -> h.createQuery(
                        "SELECT kms_key_arn, ciphertext FROM snapshot_data_keys WHERE data_key_id = :id").bind("id", id)
                .map((rs, c) -> new Stored(rs.getString(1), Base64.getDecoder().decode(rs.getString(2)))).findOne()
                .orElseThrow(() -> new IllegalStateException("the catalogue has no data key " + id))));
        return Aead.key(kms.openDataKey(ctx, s.ciphertext(), context(dataKeyId)));
    }

    private static Map<String, String> context(String dataKeyId) {
        return Map.of(CONTEXT_KEY, dataKeyId);
    }
}
