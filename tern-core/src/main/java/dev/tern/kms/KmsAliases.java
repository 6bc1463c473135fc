package dev.tern.kms;

import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasResponse;
import software.amazon.awssdk.services.kms.model.DeleteAliasRequest;
import software.amazon.awssdk.services.kms.model.DeleteAliasResponse;
import software.amazon.awssdk.services.kms.model.ListAliasesRequest;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.UpdateAliasRequest;
import software.amazon.awssdk.services.kms.model.UpdateAliasResponse;

/**
 * Aliases: names of the form {@code alias/NAME}, unique per account and Region, each pointing at one key of that
 * account and Region. {@code alias/aws/} is AWS's: users cannot make, move or delete such aliases.
 */
final class KmsAliases {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:/_-]+");
    private static final String RESERVED = "alias/aws/";

    private final Catalog catalog;
    private final Clock clock;
    private final KeyAccess access;

    KmsAliases(Catalog catalog, Clock clock, KeyAccess access) {
        this.catalog = catalog;
        this.clock = clock;
        this.access = access;
    }

    CreateAliasResponse create(KmsCaller c, CreateAliasRequest r) {
        requireUserAlias(r.aliasName());
        KmsValidation.required(r.targetKeyId(), "targetKeyId");
        catalog.useTransaction(h -> {
            KmsKey target = target(h, c, r.targetKeyId(), "kms:CreateAlias");
            if (KeyRepository.findAlias(h, c.accountId(), c.region(), r.aliasName()).isPresent()) {
                throw ErrorCode.AlreadyExistsException.withMessage("An alias with the name "
                        + KeyArns.aliasArn(c.region(), c.accountId(), r.aliasName()) + " already exists");
            }
            KeyRepository.insertAlias(h, c.accountId(), c.region(), r.aliasName(), target.keyId(), clock.millis());
        });
        return CreateAliasResponse.builder().build();
    }

    UpdateAliasResponse update(KmsCaller c, UpdateAliasRequest r) {
        requireUserAlias(r.aliasName());
        KmsValidation.required(r.targetKeyId(), "targetKeyId");
        catalog.useTransaction(h -> {
            var alias = KeyRepository.findAlias(h, c.accountId(), c.region(), r.aliasName())
                    .orElseThrow(() -> aliasNotFound(c, r.aliasName()));
            KmsKey target = target(h, c, r.targetKeyId(), "kms:UpdateAlias");
            KeyRepository.find(h, alias.targetKeyId()).ifPresent(old -> {
                if (!old.keySpec().equals(target.keySpec()) || !old.keyUsage().equals(target.keyUsage())) {
                    throw ErrorCode.ValidationException.withMessage("An alias can only point to a key of the same key "
                            + "spec and usage: " + old.keySpec() + "/" + old.keyUsage() + ", not " + target.keySpec() + "/"
                            + target.keyUsage() + ".");
                }
            });
            KeyRepository.retargetAlias(h, c.accountId(), c.region(), r.aliasName(), target.keyId(), clock.millis());
        });
        return UpdateAliasResponse.builder().build();
    }

    DeleteAliasResponse delete(KmsCaller c, DeleteAliasRequest r) {
        requireUserAlias(r.aliasName());
        catalog.useTransaction(h -> {
            var alias = KeyRepository.findAlias(h, c.accountId(), c.region(), r.aliasName())
                    .orElseThrow(() -> aliasNotFound(c, r.aliasName()));
            KeyRepository.find(h, alias.targetKeyId()).ifPresent(k -> access.authorize(h, c, k, "kms:DeleteAlias", null));
            KeyRepository.deleteAlias(h, c.accountId(), c.region(), r.aliasName());
        });
        return DeleteAliasResponse.builder().build();
    }

    ListAliasesResponse list(KmsCaller c, ListAliasesRequest r) {
        KmsValidation.Page page = KmsValidation.page("aliases", r.limit(), r.marker(), 100, 50);
        long now = clock.millis();
        TreeMap<String, AliasListEntry> all = catalog.read(h -> {
            String keyId = r.keyId() == null ? null : access.resolve(h, c, r.keyId(), false, false).keyId();
            TreeMap<String, AliasListEntry> out = new TreeMap<>();
            if (keyId == null) {
                // AWS lists its predefined EBS alias even before the key behind it exists.
                out.put(KeyAccess.EBS_MANAGED_ALIAS, AliasListEntry.builder().aliasName(KeyAccess.EBS_MANAGED_ALIAS)
                        .aliasArn(KeyArns.aliasArn(c.region(), c.accountId(), KeyAccess.EBS_MANAGED_ALIAS)).build());
            }
            for (var a : KeyRepository.listAliases(h, c.accountId(), c.region(), keyId, null, Integer.MAX_VALUE)) {
                boolean live = KeyRepository.find(h, a.targetKeyId()).filter(k -> !k.isDeletedAt(now)).isPresent();
                if (live) {
                    out.put(a.aliasName(), AliasListEntry.builder().aliasName(a.aliasName())
                            .aliasArn(KeyArns.aliasArn(c.region(), c.accountId(), a.aliasName())).targetKeyId(a.targetKeyId())
                            .creationDate(Instant.ofEpochMilli(a.createdAt()))
                            .lastUpdatedDate(Instant.ofEpochMilli(a.updatedAt())).build());
                }
            }
            return out;
        });
        List<AliasListEntry> shown = new ArrayList<>();
        boolean more = false;
        for (AliasListEntry e : (page.after() == null ? all : all.tailMap(page.after(), false)).values()) {
            if (shown.size() == page.limit()) {
                more = true;
                break;
            }
            shown.add(e);
        }
        ListAliasesResponse.Builder b = ListAliasesResponse.builder().aliases(shown).truncated(more);
        if (more) {
            b.nextMarker(KmsValidation.marker("aliases", shown.get(shown.size() - 1).aliasName()));
        }
        return b.build();
    }

    /** The key an alias is to point at: the caller's own key, named by id or ARN (not by another alias). */
    private KmsKey target(Handle h, KmsCaller c, String targetKeyId, String action) {
        if (targetKeyId.startsWith("alias/") || targetKeyId.contains(":alias/")) {
            throw ErrorCode.ValidationException.withMessage("TargetKeyId must be a key ID or key ARN, not an alias: "
                    + targetKeyId);
        }
        KmsKey k = access.resolve(h, c, targetKeyId, false, false);
        access.authorize(h, c, k, action, null);
        if (KmsKey.PENDING_DELETION.equals(k.keyState())) {
            throw KeyAccess.invalidState(k);
        }
        return k;
    }

    private static void requireUserAlias(String name) {
        KmsValidation.required(name, "aliasName");
        KmsValidation.length(name, "aliasName", 1, 256);
        if (!NAME.matcher(name).matches()) {
            throw KmsValidation.invalid(name, "aliasName", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }
        if (!name.startsWith("alias/") || name.length() == "alias/".length()) {
            throw ErrorCode.InvalidAliasNameException.withMessage("Alias must start with the prefix \"alias/\" and have a name.");
        }
        if (name.startsWith(RESERVED)) {
            throw ErrorCode.InvalidAliasNameException.withMessage("Alias " + name
                    + " cannot begin with the reserved prefix \"alias/aws/\".");
        }
    }

    private static RuntimeException aliasNotFound(KmsCaller c, String name) {
        return ErrorCode.KmsNotFoundException.withMessage("Alias " + KeyArns.aliasArn(c.region(), c.accountId(), name)
                + " is not found.");
    }
}
