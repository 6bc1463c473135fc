package dev.tern.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.kms.model.CreateGrantRequest;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.ListGrantsRequest;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.RetireGrantRequest;
import software.amazon.awssdk.services.kms.model.RetireGrantResponse;
import software.amazon.awssdk.services.kms.model.RevokeGrantRequest;
import software.amazon.awssdk.services.kms.model.RevokeGrantResponse;

/**
 * Grants: permissions on one key for one grantee principal, for a list of operations, optionally only with a given
 * encryption context. {@link KeyAccess#authorize} consults them where the key policy is silent.
 */
final class KmsGrants {
    private static final Pattern PRINCIPAL = Pattern.compile("[\\w+=,.@:/-]+");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:/_-]+");

    private final Catalog catalog;
    private final Clock clock;
    private final KeyAccess access;

    KmsGrants(Catalog catalog, Clock clock, KeyAccess access) {
        this.catalog = catalog;
        this.clock = clock;
        this.access = access;
    }

    CreateGrantResponse create(KmsCaller c, CreateGrantRequest r) {
        CreateGrantResponse made = createGrant(c, r);
        access.changed();
        return made;
    }

    private CreateGrantResponse createGrant(KmsCaller c, CreateGrantRequest r) {
        KmsValidation.required(r.keyId(), "keyId");
        principal(r.granteePrincipal(), "granteePrincipal", true);
        principal(r.retiringPrincipal(), "retiringPrincipal", false);
        if (r.operations() == null || r.operations().isEmpty()) {
            throw KmsValidation.invalid("[]", "operations", "Member must have length greater than or equal to 1");
        }
        for (GrantOperation op : r.operations()) {
            if (op == GrantOperation.UNKNOWN_TO_SDK_VERSION) {
                throw KmsValidation.invalid(r.operationsAsStrings(), "operations",
                        "Member must satisfy enum value set: " + GrantOperation.knownValues());
            }
        }
        if (r.name() != null) {
            KmsValidation.length(r.name(), "name", 1, 256);
            if (!NAME.matcher(r.name()).matches()) {
                throw KmsValidation.invalid(r.name(), "name", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
            }
        }
        String constraints = constraintsJson(r.constraints());
        List<String> operations = r.operationsAsStrings().stream().distinct().toList();
        return catalog.inTransaction(h -> {
            KmsKey k = access.resolve(h, c, r.keyId(), true, false);
            access.authorizeGrant(h, c, k, operations, constraints);
            if (KmsKey.PENDING_DELETION.equals(k.keyState())) {
                throw KeyAccess.invalidState(k);
            }
            KmsCrypto.dryRun(r.dryRun());
            // A retry with the same name and parameters gets the grant it made the first time.
            if (r.name() != null) {
                for (GrantRepository.Grant g : GrantRepository.ofKey(h, k.keyId())) {
                    if (r.name().equals(g.name()) && g.granteePrincipal().equals(r.granteePrincipal())
                            && Objects.equals(g.retiringPrincipal(), r.retiringPrincipal())
                            && g.operations().equals(operations) && Objects.equals(g.constraintsJson(), constraints)) {
                        return CreateGrantResponse.builder().grantId(g.grantId()).grantToken(g.grantToken()).build();
                    }
                }
            }
            GrantRepository.Grant g = new GrantRepository.Grant(HexFormat.of().formatHex(Aead.randomBytes(32)), k.keyId(),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(Aead.randomBytes(48)), r.name(),
                    r.granteePrincipal(), r.retiringPrincipal(), c.accountId(), operations, constraints, clock.millis());
            GrantRepository.insert(h, g);
            return CreateGrantResponse.builder().grantId(g.grantId()).grantToken(g.grantToken()).build();
        });
    }

    ListGrantsResponse list(KmsCaller c, ListGrantsRequest r) {
        KmsValidation.required(r.keyId(), "keyId");
        KmsValidation.Page page = KmsValidation.page("grants", r.limit(), r.marker(), 100, 50);
        return catalog.read(h -> {
            KmsKey k = access.resolve(h, c, r.keyId(), true, false);
            access.authorize(h, c, k, "kms:ListGrants", null);
            List<GrantListEntry> shown = new ArrayList<>();
            boolean passed = page.after() == null;
            boolean more = false;
            for (GrantRepository.Grant g : GrantRepository.ofKey(h, k.keyId())) {
                if (!passed) {
                    passed = g.grantId().equals(page.after());
                    continue;
                }
                if ((r.grantId() != null && !r.grantId().equals(g.grantId()))
                        || (r.granteePrincipal() != null && !r.granteePrincipal().equals(g.granteePrincipal()))) {
                    continue;
                }
                if (shown.size() == page.limit()) {
                    more = true;
                    break;
                }
                shown.add(entry(k, g));
            }
            ListGrantsResponse.Builder b = ListGrantsResponse.builder().grants(shown).truncated(more);
            if (more) {
                b.nextMarker(KmsValidation.marker("grants", shown.get(shown.size() - 1).grantId()));
            }
            return b.build();
        });
    }

    RetireGrantResponse retire(KmsCaller c, RetireGrantRequest r) {
        catalog.useTransaction(h -> {
            GrantRepository.Grant g;
            if (r.grantToken() != null) {
                g = GrantRepository.byToken(h, r.grantToken())
                        .orElseThrow(() -> ErrorCode.InvalidGrantTokenException.withMessage("Grant token is not valid."));
            } else {
                if (r.keyId() == null || r.grantId() == null) {
                    throw ErrorCode.ValidationException.withMessage("Specify either the grant token or both the key ARN "
                            + "and the grant ID.");
                }
                KmsKey k = access.resolve(h, c, r.keyId(), true, false);
                g = GrantRepository.find(h, k.keyId(), r.grantId()).orElseThrow(() -> grantNotFound(r.grantId()));
            }
            String me = c.principalArn();
            boolean allowed = me.equals(g.retiringPrincipal())
                    || (me.equals(g.granteePrincipal()) && g.operations().contains("RetireGrant"))
                    || c.accountId().equals(g.issuingAccount());
            if (!allowed) {
                throw ErrorCode.KmsAccessDeniedException.withMessage("User: " + me + " is not authorized to retire grant "
                        + g.grantId() + ".");
            }
            KmsCrypto.dryRun(r.dryRun());
            GrantRepository.delete(h, g.grantId());
        });
        access.changed();
        return RetireGrantResponse.builder().build();
    }

    RevokeGrantResponse revoke(KmsCaller c, RevokeGrantRequest r) {
        KmsValidation.required(r.keyId(), "keyId");
        KmsValidation.required(r.grantId(), "grantId");
        catalog.useTransaction(h -> {
            KmsKey k = access.resolve(h, c, r.keyId(), true, false);
            access.authorize(h, c, k, "kms:RevokeGrant", null);
            GrantRepository.Grant g = GrantRepository.find(h, k.keyId(), r.grantId())
                    .orElseThrow(() -> grantNotFound(r.grantId()));
            KmsCrypto.dryRun(r.dryRun());
            GrantRepository.delete(h, g.grantId());
        });
        access.changed();
        return RevokeGrantResponse.builder().build();
    }

    private static GrantListEntry entry(KmsKey k, GrantRepository.Grant g) {
        GrantListEntry.Builder b = GrantListEntry.builder().keyId(k.arn()).grantId(g.grantId()).name(g.name())
                .creationDate(Instant.ofEpochMilli(g.createdAt())).granteePrincipal(g.granteePrincipal())
                .retiringPrincipal(g.retiringPrincipal())
                .issuingAccount(KeyArns.rootPrincipal(k.partition(), g.issuingAccount()))
                .operationsWithStrings(g.operations());
        if (g.constraintsJson() != null) {
            try {
                var node = KeyPolicy.JSON.readTree(g.constraintsJson());
                GrantConstraints.Builder cb = GrantConstraints.builder();
                if (node.has("EncryptionContextEquals")) {
                    cb.encryptionContextEquals(KeyPolicy.JSON.convertValue(node.get("EncryptionContextEquals"),
                            KeyPolicy.JSON.getTypeFactory().constructMapType(java.util.Map.class, String.class, String.class)));
                }
                if (node.has("EncryptionContextSubset")) {
                    cb.encryptionContextSubset(KeyPolicy.JSON.convertValue(node.get("EncryptionContextSubset"),
                            KeyPolicy.JSON.getTypeFactory().constructMapType(java.util.Map.class, String.class, String.class)));
                }
                b.constraints(cb.build());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored grant constraints are not JSON: " + g.grantId(), e);
            }
        }
        return b.build();
    }

    private static String constraintsJson(GrantConstraints c) {
        if (c == null || (!c.hasEncryptionContextEquals() && !c.hasEncryptionContextSubset())) {
            return null;
        }
        var node = KeyPolicy.JSON.createObjectNode();
        if (c.hasEncryptionContextEquals()) {
            node.set("EncryptionContextEquals", KeyPolicy.JSON.valueToTree(new java.util.TreeMap<>(c.encryptionContextEquals())));
        }
        if (c.hasEncryptionContextSubset()) {
            node.set("EncryptionContextSubset", KeyPolicy.JSON.valueToTree(new java.util.TreeMap<>(c.encryptionContextSubset())));
        }
        return node.toString();
    }

    private static void principal(String value, String member, boolean required) {
        if (required) {
            KmsValidation.required(value, member);
        }
        if (value == null) {
            return;
        }
        KmsValidation.length(value, member, 1, 256);
        if (!PRINCIPAL.matcher(value).matches()) {
            throw KmsValidation.invalid(value, member, "Member must satisfy regular expression pattern: ^[\\w+=,.@:/-]+$");
        }
    }

    private static RuntimeException grantNotFound(String grantId) {
        return ErrorCode.KmsNotFoundException.withMessage("Grant ID " + grantId + " not found");
    }
}
