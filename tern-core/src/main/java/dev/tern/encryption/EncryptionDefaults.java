package dev.tern.encryption;

import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.kms.KmsService;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ec2.model.DisableEbsEncryptionByDefaultRequest;
import software.amazon.awssdk.services.ec2.model.DisableEbsEncryptionByDefaultResponse;
import software.amazon.awssdk.services.ec2.model.EnableEbsEncryptionByDefaultRequest;
import software.amazon.awssdk.services.ec2.model.EnableEbsEncryptionByDefaultResponse;
import software.amazon.awssdk.services.ec2.model.GetEbsDefaultKmsKeyIdRequest;
import software.amazon.awssdk.services.ec2.model.GetEbsDefaultKmsKeyIdResponse;
import software.amazon.awssdk.services.ec2.model.GetEbsEncryptionByDefaultRequest;
import software.amazon.awssdk.services.ec2.model.GetEbsEncryptionByDefaultResponse;
import software.amazon.awssdk.services.ec2.model.ModifyEbsDefaultKmsKeyIdRequest;
import software.amazon.awssdk.services.ec2.model.ModifyEbsDefaultKmsKeyIdResponse;
import software.amazon.awssdk.services.ec2.model.ResetEbsDefaultKmsKeyIdRequest;
import software.amazon.awssdk.services.ec2.model.ResetEbsDefaultKmsKeyIdResponse;
import software.amazon.awssdk.services.ec2.model.SSEType;

/**
 * EBS encryption by default and the default KMS key, per account and Region (docs/copying.md, "Encryption"), and the EC2
 * calls that read and change them. Without a setting, encryption by default is off and the default key is the AWS
 * managed key {@code alias/aws/ebs}, which GetEbsDefaultKmsKeyId reports as that alias, as AWS does.
 */
public final class EncryptionDefaults {
    public static final String AWS_MANAGED_ALIAS = "alias/aws/ebs";

    /** An account's setting in a Region; {@code defaultKeyArn} null means the AWS managed key. */
    public record Setting(boolean byDefault, String defaultKeyArn) {}

    private final Catalog catalog;
    private final KmsService kms;

    public EncryptionDefaults(Catalog catalog, KmsService kms) {
        this.catalog = catalog;
        this.kms = kms;
    }

    public Setting current(String accountId, String region) {
        return catalog.read(h -> find(h, accountId, region)).orElse(new Setting(false, null));
    }

    public GetEbsEncryptionByDefaultResponse get(CallContext ctx, GetEbsEncryptionByDefaultRequest r) {
        return GetEbsEncryptionByDefaultResponse.builder().ebsEncryptionByDefault(current(ctx.accountId(), ctx.regionName()).byDefault())
                .sseType(SSEType.NONE).build();
    }

    public EnableEbsEncryptionByDefaultResponse enable(CallContext ctx, EnableEbsEncryptionByDefaultRequest r) {
        Setting s = update(ctx, old -> new Setting(true, old.defaultKeyArn()));
        return EnableEbsEncryptionByDefaultResponse.builder().ebsEncryptionByDefault(s.byDefault()).build();
    }

    public DisableEbsEncryptionByDefaultResponse disable(CallContext ctx, DisableEbsEncryptionByDefaultRequest r) {
        Setting s = update(ctx, old -> new Setting(false, old.defaultKeyArn()));
        return DisableEbsEncryptionByDefaultResponse.builder().ebsEncryptionByDefault(s.byDefault()).build();
    }

    public GetEbsDefaultKmsKeyIdResponse getDefaultKey(CallContext ctx, GetEbsDefaultKmsKeyIdRequest r) {
        String arn = current(ctx.accountId(), ctx.regionName()).defaultKeyArn();
        return GetEbsDefaultKmsKeyIdResponse.builder().kmsKeyId(arn == null ? AWS_MANAGED_ALIAS : arn).build();
    }

    /** Takes any of the four key forms, checks that EBS could use the key, and keeps its ARN. */
    public ModifyEbsDefaultKmsKeyIdResponse modifyDefaultKey(CallContext ctx, ModifyEbsDefaultKmsKeyIdRequest r) {
        String arn;
        try {
            arn = kms.usableForEbs(ctx, r.kmsKeyId());
        } catch (TernException e) {
            if (!e.code().isClientError()) {
                throw e;
            }
            throw ErrorCode.InvalidParameterValue.withMessage("The KMS key " + r.kmsKeyId() + " cannot be the default "
                    + "EBS key: " + e.getMessage());
        }
        update(ctx, old -> new Setting(old.byDefault(), arn));
        return ModifyEbsDefaultKmsKeyIdResponse.builder().kmsKeyId(arn).build();
    }

    /** Back to the AWS managed key, which is made now if it does not exist yet; answers with its ARN. */
    public ResetEbsDefaultKmsKeyIdResponse resetDefaultKey(CallContext ctx, ResetEbsDefaultKmsKeyIdRequest r) {
        String managed = kms.usableForEbs(ctx, null);
        update(ctx, old -> new Setting(old.byDefault(), null));
        return ResetEbsDefaultKmsKeyIdResponse.builder().kmsKeyId(managed).build();
    }

    /** The key a snapshot encrypted "by default" gets: the configured default, else the AWS managed key. */
    public String defaultKeyArn(CallContext ctx) {
        String configured = current(ctx.accountId(), ctx.regionName()).defaultKeyArn();
        return kms.usableForEbs(ctx, configured);
    }

    private Setting update(CallContext ctx, java.util.function.UnaryOperator<Setting> change) {
        return catalog.inTransaction(h -> {
            Setting old = find(h, ctx.accountId(), ctx.regionName()).orElse(new Setting(false, null));
            Setting updated = change.apply(old);
            h.createUpdate("DELETE FROM ebs_encryption_settings WHERE account_id = :a AND region = :r")
                    .bind("a", ctx.accountId()).bind("r", ctx.regionName()).execute();
            h.createUpdate("INSERT INTO ebs_encryption_settings (account_id, region, by_default, default_kms_key_arn)"
                            + " VALUES (:a, :r, :on, :arn)")
                    .bind("a", ctx.accountId()).bind("r", ctx.regionName()).bind("on", updated.byDefault())
                    .bind("arn", updated.defaultKeyArn()).execute();
            return updated;
        });
    }

    private static Optional<Setting> find(Handle h, String accountId, String region) {
        return h.createQuery("SELECT by_default, default_kms_key_arn FROM ebs_encryption_settings"
                        + " WHERE account_id = :a AND region = :r")
                .bind("a", accountId).bind("r", region)
                .map((rs, c) -> new Setting(rs.getBoolean(1), rs.getString(2))).findOne();
    }
}
