package dev.tern.junit;

import dev.tern.account.CallContext;
import dev.tern.kms.KmsService;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;

/**
 * A symmetric KMS key, as CreateKey makes one, with an alias if asked:
 * {@code String arn = tern.kmsKey("us-east-1").alias("alias/app").create();}.
 */
public final class KmsKeyFixture {
    private final TernExtension tern;
    private final String region;
    private String account;
    private String alias;
    private String description = "made by TernExtension";

    KmsKeyFixture(TernExtension tern, String region) {
        this.tern = tern;
        this.region = region;
        this.account = tern.account().id();
    }

    /** An alias for the key, {@code alias/...}. */
    public KmsKeyFixture alias(String aliasName) {
        alias = aliasName;
        return this;
    }

    public KmsKeyFixture description(String text) {
        description = text;
        return this;
    }

    /** The owning account (by default the extension's first). */
    public KmsKeyFixture owner(String accountId) {
        account = accountId;
        return this;
    }

    /** Makes the key; returns its ARN. */
    public String create() {
        CallContext ctx = tern.context(account, region);
        KmsService kms = tern.server().services().kms();
        var metadata = kms.createKey(ctx, CreateKeyRequest.builder().description(description).build()).keyMetadata();
        if (alias != null) {
            kms.createAlias(ctx, CreateAliasRequest.builder().aliasName(alias).targetKeyId(metadata.keyId()).build());
        }
        return metadata.arn();
    }
}
