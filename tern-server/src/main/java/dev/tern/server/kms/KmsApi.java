package dev.tern.server.kms;

import dev.tern.account.CallContext;
import dev.tern.kms.KmsService;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateGrantRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DeleteAliasRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DisableKeyRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.ListAliasesRequest;
import software.amazon.awssdk.services.kms.model.ListGrantsRequest;
import software.amazon.awssdk.services.kms.model.ListKeysRequest;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.ReEncryptRequest;
import software.amazon.awssdk.services.kms.model.RetireGrantRequest;
import software.amazon.awssdk.services.kms.model.RevokeGrantRequest;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.TagResourceRequest;
import software.amazon.awssdk.services.kms.model.UntagResourceRequest;
import software.amazon.awssdk.services.kms.model.UpdateAliasRequest;

/** Which KMS operations exist and which service method answers each: the one place that lists them. */
public final class KmsApi {
    /** An operation: a fresh builder of its request, and what answers it. */
    public record Operation(Supplier<?> builder, BiFunction<CallContext, Object, SdkPojo> handler) {}

    private KmsApi() {}

    public static Map<String, Operation> operations(KmsService s) {
        Map<String, Operation> ops = new HashMap<>();
        add(ops, "CreateKey", CreateKeyRequest::builder, s::createKey);
        add(ops, "DescribeKey", DescribeKeyRequest::builder, s::describeKey);
        add(ops, "ListKeys", ListKeysRequest::builder, s::listKeys);
        add(ops, "EnableKey", EnableKeyRequest::builder, s::enableKey);
        add(ops, "DisableKey", DisableKeyRequest::builder, s::disableKey);
        add(ops, "ScheduleKeyDeletion", ScheduleKeyDeletionRequest::builder, s::scheduleKeyDeletion);
        add(ops, "CancelKeyDeletion", CancelKeyDeletionRequest::builder, s::cancelKeyDeletion);
        add(ops, "GetKeyPolicy", GetKeyPolicyRequest::builder, s::getKeyPolicy);
        add(ops, "PutKeyPolicy", PutKeyPolicyRequest::builder, s::putKeyPolicy);

        add(ops, "CreateAlias", CreateAliasRequest::builder, s::createAlias);
        add(ops, "UpdateAlias", UpdateAliasRequest::builder, s::updateAlias);
        add(ops, "DeleteAlias", DeleteAliasRequest::builder, s::deleteAlias);
        add(ops, "ListAliases", ListAliasesRequest::builder, s::listAliases);

        add(ops, "Encrypt", EncryptRequest::builder, s::encrypt);
        add(ops, "Decrypt", DecryptRequest::builder, s::decrypt);
        add(ops, "ReEncrypt", ReEncryptRequest::builder, s::reEncrypt);
        add(ops, "GenerateDataKey", GenerateDataKeyRequest::builder, s::generateDataKey);
        add(ops, "GenerateDataKeyWithoutPlaintext", GenerateDataKeyWithoutPlaintextRequest::builder,
                s::generateDataKeyWithoutPlaintext);

        add(ops, "CreateGrant", CreateGrantRequest::builder, s::createGrant);
        add(ops, "ListGrants", ListGrantsRequest::builder, s::listGrants);
        add(ops, "RetireGrant", RetireGrantRequest::builder, s::retireGrant);
        add(ops, "RevokeGrant", RevokeGrantRequest::builder, s::revokeGrant);

        add(ops, "TagResource", TagResourceRequest::builder, s::tagResource);
        add(ops, "UntagResource", UntagResourceRequest::builder, s::untagResource);
        add(ops, "ListResourceTags", ListResourceTagsRequest::builder, s::listResourceTags);
        return Map.copyOf(ops);
    }

    @SuppressWarnings("unchecked")
    private static <Q> void add(Map<String, Operation> ops, String name, Supplier<?> builder,
                                BiFunction<CallContext, Q, ? extends SdkPojo> handler) {
        ops.put(name, new Operation(builder, (ctx, request) -> handler.apply(ctx, (Q) request)));
    }
}
