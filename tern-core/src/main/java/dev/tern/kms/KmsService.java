package dev.tern.kms;

import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasResponse;
import software.amazon.awssdk.services.kms.model.CreateGrantRequest;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DeleteAliasRequest;
import software.amazon.awssdk.services.kms.model.DeleteAliasResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.DisableKeyRequest;
import software.amazon.awssdk.services.kms.model.DisableKeyResponse;
import software.amazon.awssdk.services.kms.model.EnableKeyRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.ListAliasesRequest;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.ListGrantsRequest;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.ListKeysRequest;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.ReEncryptRequest;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.RetireGrantRequest;
import software.amazon.awssdk.services.kms.model.RetireGrantResponse;
import software.amazon.awssdk.services.kms.model.RevokeGrantRequest;
import software.amazon.awssdk.services.kms.model.RevokeGrantResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.TagResourceRequest;
import software.amazon.awssdk.services.kms.model.TagResourceResponse;
import software.amazon.awssdk.services.kms.model.UntagResourceRequest;
import software.amazon.awssdk.services.kms.model.UntagResourceResponse;
import software.amazon.awssdk.services.kms.model.UpdateAliasRequest;
import software.amazon.awssdk.services.kms.model.UpdateAliasResponse;

/**
 * Tern's KMS: the operations of the KMS API for callers of the JSON protocol, and the few that other services
 * (EBS) use on a caller's behalf, through {@code ec2} as kms:ViaService. Keys are regional: every call works in
 * the caller's Region.
 */
public final class KmsService {
    /** The service EBS calls KMS through, as AWS managed EBS key policies name it. */
    public static final String EBS_VIA = "ec2";

    private final KeyAccess access;
    private final KmsKeys keys;
    private final KmsAliases aliases;
    private final KmsCrypto crypto;
    private final KmsGrants grants;
    private final KmsTags tags;
    private final Catalog catalog;

    public KmsService(Catalog catalog, Clock clock, RootKey root) {
        root.checkAgainst(catalog);
        KeyFactory factory = new KeyFactory(root);
        this.catalog = catalog;
        this.access = new KeyAccess(clock, factory);
        this.tags = new KmsTags(catalog, access);
        this.keys = new KmsKeys(catalog, clock, factory, access, tags);
        this.aliases = new KmsAliases(catalog, clock, access);
        this.crypto = new KmsCrypto(catalog, clock, factory, access);
        this.grants = new KmsGrants(catalog, clock, access);
    }

    public CreateKeyResponse createKey(CallContext ctx, CreateKeyRequest r) {
        return keys.create(KmsCaller.direct(ctx), r);
    }

    public DescribeKeyResponse describeKey(CallContext ctx, DescribeKeyRequest r) {
        return keys.describe(KmsCaller.direct(ctx), r);
    }

    public ListKeysResponse listKeys(CallContext ctx, ListKeysRequest r) {
        return keys.list(KmsCaller.direct(ctx), r);
    }

    public EnableKeyResponse enableKey(CallContext ctx, EnableKeyRequest r) {
        return keys.enable(KmsCaller.direct(ctx), r);
    }

    public DisableKeyResponse disableKey(CallContext ctx, DisableKeyRequest r) {
        return keys.disable(KmsCaller.direct(ctx), r);
    }

    public ScheduleKeyDeletionResponse scheduleKeyDeletion(CallContext ctx, ScheduleKeyDeletionRequest r) {
        return keys.scheduleDeletion(KmsCaller.direct(ctx), r);
    }

    public CancelKeyDeletionResponse cancelKeyDeletion(CallContext ctx, CancelKeyDeletionRequest r) {
        return keys.cancelDeletion(KmsCaller.direct(ctx), r);
    }

    public GetKeyPolicyResponse getKeyPolicy(CallContext ctx, GetKeyPolicyRequest r) {
        return keys.getPolicy(KmsCaller.direct(ctx), r);
    }

    public PutKeyPolicyResponse putKeyPolicy(CallContext ctx, PutKeyPolicyRequest r) {
        return keys.putPolicy(KmsCaller.direct(ctx), r);
    }

    public CreateAliasResponse createAlias(CallContext ctx, CreateAliasRequest r) {
        return aliases.create(KmsCaller.direct(ctx), r);
    }

    public UpdateAliasResponse updateAlias(CallContext ctx, UpdateAliasRequest r) {
        return aliases.update(KmsCaller.direct(ctx), r);
    }

    public DeleteAliasResponse deleteAlias(CallContext ctx, DeleteAliasRequest r) {
        return aliases.delete(KmsCaller.direct(ctx), r);
    }

    public ListAliasesResponse listAliases(CallContext ctx, ListAliasesRequest r) {
        return aliases.list(KmsCaller.direct(ctx), r);
    }

    public EncryptResponse encrypt(CallContext ctx, EncryptRequest r) {
        return crypto.encrypt(KmsCaller.direct(ctx), r);
    }

    public DecryptResponse decrypt(CallContext ctx, DecryptRequest r) {
        return crypto.decrypt(KmsCaller.direct(ctx), r);
    }

    public ReEncryptResponse reEncrypt(CallContext ctx, ReEncryptRequest r) {
        return crypto.reEncrypt(KmsCaller.direct(ctx), r);
    }

    public GenerateDataKeyResponse generateDataKey(CallContext ctx, GenerateDataKeyRequest r) {
        return crypto.generateDataKey(KmsCaller.direct(ctx), r);
    }

    public GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(CallContext ctx,
                                                                                   GenerateDataKeyWithoutPlaintextRequest r) {
        return crypto.generateDataKeyWithoutPlaintext(KmsCaller.direct(ctx), r);
    }

    public CreateGrantResponse createGrant(CallContext ctx, CreateGrantRequest r) {
        return grants.create(KmsCaller.direct(ctx), r);
    }

    public ListGrantsResponse listGrants(CallContext ctx, ListGrantsRequest r) {
        return grants.list(KmsCaller.direct(ctx), r);
    }

    public RetireGrantResponse retireGrant(CallContext ctx, RetireGrantRequest r) {
        return grants.retire(KmsCaller.direct(ctx), r);
    }

    public RevokeGrantResponse revokeGrant(CallContext ctx, RevokeGrantRequest r) {
        return grants.revoke(KmsCaller.direct(ctx), r);
    }

    public TagResourceResponse tagResource(CallContext ctx, TagResourceRequest r) {
        return tags.tag(KmsCaller.direct(ctx), r);
    }

    public UntagResourceResponse untagResource(CallContext ctx, UntagResourceRequest r) {
        return tags.untag(KmsCaller.direct(ctx), r);
    }

    public ListResourceTagsResponse listResourceTags(CallContext ctx, ListResourceTagsRequest r) {
        return tags.list(KmsCaller.direct(ctx), r);
    }

    // --- for EBS, acting for the caller through ec2

    /** A data key for EBS, made under a key EBS may use: its ciphertext blob, and the key's ARN. */
    public record IssuedDataKey(String keyArn, byte[] ciphertext) {}

    /**
     * The key {@code keyId} (any of the four forms; null for the AWS managed EBS key, made when first needed) if
     * the caller may use it through EBS now: enabled, a symmetric encryption key, and allowed by policy or grant.
     *
     * @return the key's ARN
     */
    public String usableForEbs(CallContext ctx, String keyId) {
        KmsCaller c = KmsCaller.through(EBS_VIA, ctx);
        String id = keyId == null ? KeyAccess.EBS_MANAGED_ALIAS : keyId;
        if (keyId == null) {
            catalog.useTransaction(h -> access.ebsManagedKey(h, c));
        }
        return crypto.usable(c, id, "kms:GenerateDataKeyWithoutPlaintext", null).arn();
    }

    /** GenerateDataKeyWithoutPlaintext through ec2: a new 256-bit data key, only as ciphertext. */
    public IssuedDataKey issueDataKey(CallContext ctx, String keyArn, Map<String, String> context) {
        KmsCrypto.DataKey d = crypto.dataKey(KmsCaller.through(EBS_VIA, ctx), keyArn, context, Aead.KEY_BYTES,
                "kms:GenerateDataKeyWithoutPlaintext");
        return new IssuedDataKey(d.key().arn(), d.ciphertext());
    }

    /**
     * A number that changes whenever this process changes a key's state, policy or grants: what an answer of
     * {@link #openDataKey} may be cached against (with a short time limit, for changes other nodes make).
     */
    public long accessGeneration() {
        return access.generation();
    }

    /** Decrypt through ec2: the plaintext of a data key EBS holds as ciphertext, if the caller may use its key. */
    public byte[] openDataKey(CallContext ctx, byte[] ciphertext, Map<String, String> context) {
        return crypto.open(KmsCaller.through(EBS_VIA, ctx), SdkBytes.fromByteArrayUnsafe(ciphertext), null, context,
                "kms:Decrypt").plaintext();
    }
}
