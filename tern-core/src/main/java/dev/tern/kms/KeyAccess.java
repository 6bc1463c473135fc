package dev.tern.kms;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Finding the key a request names and deciding whether the caller may do what it asks with it: the key policy
 * first, then the key's grants. Every KMS operation goes through here, so the rules are in one place.
 */
final class KeyAccess {
    /** The AWS managed key aliases that come into being when first described; only EBS's is used by Tern. */
    static final String EBS_MANAGED_ALIAS = "alias/aws/ebs";

    private final Clock clock;
    private final KeyFactory factory;
    /** Counts changes to what access depends on (key state, policy, grants), so answers cached elsewhere can tell. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    KeyAccess(Clock clock, KeyFactory factory) {
        this.clock = clock;
        this.factory = factory;
    }

    /**
     * The key {@code keyId} names, in any of its four forms. Another account's key can only be named by ARN, and only
     * for operations that allow it ({@code crossAccount}); other Regions' keys are never found.
     *
     * @param createManaged whether naming {@code alias/aws/ebs} before it exists creates the AWS managed key
     */
    KmsKey resolve(Handle h, KmsCaller c, String keyId, boolean crossAccount, boolean createManaged) {
        KeyArns.KeyRef ref = KeyArns.parse(keyId);
        String account = ref.isArn() ? ref.account() : c.accountId();
        if (ref.isArn() && (!ref.region().equals(c.region()) || (!crossAccount && !account.equals(c.accountId())))) {
            throw notFound(keyId, ref);
        }
        String id = ref.name();
        if (ref.alias()) {
            var alias = KeyRepository.findAlias(h, account, c.region(), ref.name());
            if (alias.isPresent()) {
                id = alias.get().targetKeyId();
            } else if (createManaged && EBS_MANAGED_ALIAS.equals(ref.name()) && account.equals(c.accountId())) {
                return createEbsManagedKey(h, c);
            } else {
                throw notFound(keyId, ref);
            }
        }
        String keyAccount = account;
        return KeyRepository.find(h, id)
                .filter(k -> k.accountId().equals(keyAccount) && k.region().equals(c.region()))
                .filter(k -> !k.isDeletedAt(clock.millis()))
                .orElseThrow(() -> notFound(keyId, ref));
    }

    /** The account's AWS managed EBS key in the caller's Region, made (with its alias) the first time it is needed. */
    KmsKey ebsManagedKey(Handle h, KmsCaller c) {
        return resolve(h, c, EBS_MANAGED_ALIAS, false, true);
    }

    private KmsKey createEbsManagedKey(Handle h, KmsCaller c) {
        KmsKey key = factory.create(c.accountId(), c.region(), "Default key that protects my EBS volumes when no other key is defined",
                KmsKey.ENCRYPT_DECRYPT, KmsKey.SYMMETRIC_DEFAULT, "AWS_KMS", KmsKey.AWS_MANAGED,
                KeyPolicy.awsManagedFor(c.partition(), c.accountId(), c.region(), "ec2"), false, clock.millis());
        KeyRepository.insert(h, key);
        KeyRepository.insertAlias(h, c.accountId(), c.region(), EBS_MANAGED_ALIAS, key.keyId(), clock.millis());
        return key;
    }

    private static TernException notFound(String keyId, KeyArns.KeyRef ref) {
        if (ref.alias()) {
            return ErrorCode.KmsNotFoundException.withMessage("Alias " + keyId + " is not found.");
        }
        return ErrorCode.KmsNotFoundException.withMessage("Key '" + keyId + "' does not exist");
    }

    /** The current count of access changes made by this process; see {@link #changed()}. */
    long generation() {
        return generation.get();
    }

    /** Called after a key's state, policy or grants changed and the change committed. */
    void changed() {
        generation.incrementAndGet();
    }

    /**
     * Refuses unless the key policy allows {@code action} (e.g. {@code kms:Decrypt}) to the caller, or, where the
     * policy is silent, a grant for the caller does (with its encryption context constraints met).
     */
    void authorize(Handle h, KmsCaller c, KmsKey key, String action, Map<String, String> encryptionContext) {
        KeyPolicy.Decision decision = policyDecision(c, key, action, encryptionContext);
        if (decision == KeyPolicy.Decision.ALLOW) {
            return;
        }
        if (decision == KeyPolicy.Decision.SILENT && grantAllows(h, c, key, action, encryptionContext)) {
            return;
        }
        throw denied(c, key, action);
    }

    /**
     * Refuses a CreateGrant the caller may not make. Allowed by the key policy, it may grant anything. Allowed only
     * through grants of its own, one of them must hold CreateGrant and every operation asked for (so CreateGrant is
     * passed on only by who holds it), and the new grant's constraints must be at least that grant's: a grantee can
     * never widen what the key's owner gave it.
     */
    void authorizeGrant(Handle h, KmsCaller c, KmsKey key, List<String> operations, String constraintsJson) {
        KeyPolicy.Decision decision = policyDecision(c, key, "kms:CreateGrant", null);
        if (decision == KeyPolicy.Decision.ALLOW) {
            return;
        }
        if (decision == KeyPolicy.Decision.SILENT) {
            GrantConstraintSet asked = GrantConstraintSet.parse(constraintsJson);
            for (GrantRepository.Grant g : GrantRepository.ofKeyFor(h, key.keyId(), c.principalArn())) {
                if (g.operations().contains("CreateGrant") && g.operations().containsAll(operations)
                        && GrantConstraintSet.parse(g.constraintsJson()).covers(asked)) {
                    return;
                }
            }
        }
        throw denied(c, key, "kms:CreateGrant");
    }

    private static KeyPolicy.Decision policyDecision(KmsCaller c, KmsKey key, String action,
            Map<String, String> encryptionContext) {
        Map<String, String> conditions = new HashMap<>();
        conditions.put("kms:calleraccount", c.accountId());
        conditions.put("aws:principalaccount", c.accountId());
        if (c.viaService() != null) {
            conditions.put("kms:viaservice", c.viaService());
            conditions.put("kms:grantisforawsresource", "true");
        }
        if (encryptionContext != null) {
            encryptionContext.forEach((k, v) -> conditions.put("kms:encryptioncontext:" + k.toLowerCase(Locale.ROOT), v));
        }
        return KeyPolicy.evaluate(key.policy(), new KeyPolicy.Request(c.principalArn(), c.accountId(), action, conditions));
    }

    private static TernException denied(KmsCaller c, KmsKey key, String action) {
        return ErrorCode.KmsAccessDeniedException.withMessage("User: " + c.principalArn() + " is not authorized to perform: "
                + action + " on resource: " + key.arn() + " because no resource-based policy allows the " + action
                + " action");
    }

    private static boolean grantAllows(Handle h, KmsCaller c, KmsKey key, String action, Map<String, String> context) {
        String operation = action.substring("kms:".length());
        for (GrantRepository.Grant g : GrantRepository.ofKeyFor(h, key.keyId(), c.principalArn())) {
            if (g.operations().contains(operation) && GrantConstraintSet.parse(g.constraintsJson()).admits(context)) {
                return true;
            }
        }
        return false;
    }

    /** Cryptographic operations need an enabled key: AWS's two refusals for the other states. */
    static void requireEnabled(KmsKey key) {
        switch (key.keyState()) {
            case KmsKey.ENABLED -> { }
            case KmsKey.DISABLED -> throw ErrorCode.DisabledException.withMessage(key.arn() + " is disabled.");
            default -> throw invalidState(key);
        }
    }

    static TernException invalidState(KmsKey key) {
        String state = KmsKey.PENDING_DELETION.equals(key.keyState()) ? "pending deletion" : key.keyState();
        return ErrorCode.KMSInvalidStateException.withMessage(key.arn() + " is " + state + ".");
    }
}
