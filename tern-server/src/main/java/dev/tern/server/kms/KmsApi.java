package dev.tern.server.kms;

import dev.tern.account.CallContext;
import dev.tern.kms.KmsService;
import dev.tern.server.pipeline.Access;
import dev.tern.server.pipeline.Operation;
import dev.tern.server.pipeline.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
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

/**
 * Every KMS operation Tern serves, declared once. Whether a caller may use a key is decided by KMS itself with the
 * key in hand (its policy, its grants and the caller's identity policies: docs/iam.md), so those operations leave
 * authorization to the service; the ones that name no key are authorized by identity policy alone.
 */
public final class KmsApi {
    private KmsApi() {}

    public static List<Operation> operations(KmsService s) {
        List<Operation> ops = new ArrayList<>();
        ops.add(op("CreateKey", CreateKeyRequest::builder, s::createKey, Access.ANY));
        ops.add(op("ListKeys", ListKeysRequest::builder, s::listKeys, Access.ANY));
        ops.add(op("ListAliases", ListAliasesRequest::builder, s::listAliases, Access.ANY));
        ops.add(op("DescribeKey", DescribeKeyRequest::builder, s::describeKey));
        ops.add(op("EnableKey", EnableKeyRequest::builder, s::enableKey));
        ops.add(op("DisableKey", DisableKeyRequest::builder, s::disableKey));
        ops.add(op("ScheduleKeyDeletion", ScheduleKeyDeletionRequest::builder, s::scheduleKeyDeletion));
        ops.add(op("CancelKeyDeletion", CancelKeyDeletionRequest::builder, s::cancelKeyDeletion));
        ops.add(op("GetKeyPolicy", GetKeyPolicyRequest::builder, s::getKeyPolicy));
        ops.add(op("PutKeyPolicy", PutKeyPolicyRequest::builder, s::putKeyPolicy));

        ops.add(op("CreateAlias", CreateAliasRequest::builder, s::createAlias));
        ops.add(op("UpdateAlias", UpdateAliasRequest::builder, s::updateAlias));
        ops.add(op("DeleteAlias", DeleteAliasRequest::builder, s::deleteAlias));

        ops.add(op("Encrypt", EncryptRequest::builder, s::encrypt));
        ops.add(op("Decrypt", DecryptRequest::builder, s::decrypt));
        ops.add(op("ReEncrypt", ReEncryptRequest::builder, s::reEncrypt));
        ops.add(op("GenerateDataKey", GenerateDataKeyRequest::builder, s::generateDataKey));
        ops.add(op("GenerateDataKeyWithoutPlaintext", GenerateDataKeyWithoutPlaintextRequest::builder,
                s::generateDataKeyWithoutPlaintext));

        ops.add(op("CreateGrant", CreateGrantRequest::builder, s::createGrant));
        ops.add(op("ListGrants", ListGrantsRequest::builder, s::listGrants));
        ops.add(op("RetireGrant", RetireGrantRequest::builder, s::retireGrant));
        ops.add(op("RevokeGrant", RevokeGrantRequest::builder, s::revokeGrant));

        ops.add(op("TagResource", TagResourceRequest::builder, s::tagResource));
        ops.add(op("UntagResource", UntagResourceRequest::builder, s::untagResource));
        ops.add(op("ListResourceTags", ListResourceTagsRequest::builder, s::listResourceTags));
        return ops;
    }

    /**
     * An operation on a key. KMS answers its DryRun itself, after the key's policy, grants and the caller's
     * identity policies allowed the call: answered before them, a caller without the permission would be told
     * DryRunOperationException.
     */
    private static <Q> Operation op(String name, Supplier<?> builder, BiFunction<CallContext, Q, ?> handler) {
        return Operation.of(Service.KMS, name, builder, handler).access(Access.BY_SERVICE).serviceAnswersDryRun()
                .build();
    }

    private static <Q> Operation op(String name, Supplier<?> builder, BiFunction<CallContext, Q, ?> handler, Access access) {
        return Operation.of(Service.KMS, name, builder, handler).access(access).build();
    }
}
