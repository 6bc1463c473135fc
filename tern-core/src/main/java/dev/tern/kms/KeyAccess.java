package dev.tern.kms;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.iam.policy.AccessDecision;
import dev.tern.iam.policy.AccessRequest;
import dev.tern.iam.policy.ConditionKeys;
import dev.tern.iam.policy.Policy;
import dev.tern.iam.policy.ResourcePolicyDecision;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Finding the key a request names and deciding whether the caller may do what it asks with it: the key policy and
 * the caller's identity policies first, then the key's grants. Every KMS operation goes through here, so the rules
 * are in one place.
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
     * Refuses unless the caller may do {@code action} (e.g. {@code kms:Decrypt}) with the key, as KMS decides: an
     * explicit Deny in the key policy or the caller's identity policies refuses; a key policy statement naming the
     * caller (or everyone) allows within the key's account; one naming the caller's account allows when the caller's
     * identity policies allow too (for the account's root they always do), and so does any allow for a caller of
     * another account; failing those, a grant for the caller with its encryption context constraints met allows.
     */
    void authorize(Handle h, KmsCaller c, KmsKey key, String action, Map<String, String> encryptionContext) {
        AccessRequest request = request(c, key, action, encryptionContext);
        Refusal refusal = policiesDecide(c, key, request);
        if (refusal == null) {
            return;
        }
        if (refusal.grantsMayAllow() && grantAllows(h, c, key, action, encryptionContext)) {
            return;
        }
        throw refusal.exception(c, key, action);
    }

    /**
     * Refuses a CreateGrant the caller may not make. Allowed by the policies, it may grant anything. Allowed only
     * through grants of its own, one of them must hold CreateGrant and every operation asked for (so CreateGrant is
     * passed on only by who holds it), and the new grant's constraints must be at least that grant's: a grantee can
     * never widen what the key's owner gave it.
     */
    void authorizeGrant(Handle h, KmsCaller c, KmsKey key, List<String> operations, String constraintsJson) {
        Refusal refusal = policiesDecide(c, key, request(c, key, "kms:CreateGrant", null));
        if (refusal == null) {
            return;
        }
        if (refusal.grantsMayAllow()) {
            GrantConstraintSet asked = GrantConstraintSet.parse(constraintsJson);
            for (GrantRepository.Grant g : GrantRepository.ofKeyFor(h, key.keyId(), c.principalArn())) {
                if (g.operations().contains("CreateGrant") && g.operations().containsAll(operations)
                        && GrantConstraintSet.parse(g.constraintsJson()).covers(asked)) {
                    return;
                }
            }
        }
        throw refusal.exception(c, key, "kms:CreateGrant");
    }

    /** Whether {@code policy} (a key policy about to be set) still lets the caller set the key policy later. */
    static boolean allowsPolicyChanges(KmsCaller c, String keyArn, Policy policy) {
        AccessRequest request = request(c, keyArn, "kms:PutKeyPolicy", null);
        // Only the key's own account sets its policy.
        return allowedBy(true, policy.evaluateAsResourcePolicy(request), c.identity().decide(request));
    }

    /** Why the key policy and the identity policies do not allow a request; null when they do. */
    private enum Refusal {
        KEY_POLICY_DENY("with an explicit deny in a resource-based policy", false),
        IDENTITY_DENY("with an explicit deny in an identity-based policy", false),
        NO_IDENTITY_ALLOW("because no identity-based policy allows the %s action", true),
        NO_KEY_POLICY_ALLOW("because no resource-based policy allows the %s action", true);

        private final String why;
        private final boolean grantsMayAllow;

        Refusal(String why, boolean grantsMayAllow) {
            this.why = why;
            this.grantsMayAllow = grantsMayAllow;
        }

        /** An explicit Deny is final: no grant overrides it. */
        boolean grantsMayAllow() {
            return grantsMayAllow;
        }

        TernException exception(KmsCaller c, KmsKey key, String action) {
            return ErrorCode.KmsAccessDeniedException.withMessage("User: " + c.principalArn()
                    + " is not authorized to perform: " + action + " on resource: " + key.arn() + " "
                    + why.formatted(action));
        }
    }

    private static Refusal policiesDecide(KmsCaller c, KmsKey key, AccessRequest request) {
        Policy policy = KeyPolicy.compiled(key.policy());
        ResourcePolicyDecision byKey = policy == null ? ResourcePolicyDecision.NOT_APPLICABLE
                : policy.evaluateAsResourcePolicy(request);
        AccessDecision byIdentity = c.identity().decide(request);
        if (byKey == ResourcePolicyDecision.DENY) {
            return Refusal.KEY_POLICY_DENY;
        }
        if (byIdentity == AccessDecision.EXPLICIT_DENY) {
            return Refusal.IDENTITY_DENY;
        }
        if (allowedBy(key.accountId().equals(c.accountId()), byKey, byIdentity)) {
            return null;
        }
        return byKey == ResourcePolicyDecision.NOT_APPLICABLE ? Refusal.NO_KEY_POLICY_ALLOW : Refusal.NO_IDENTITY_ALLOW;
    }

    /** Another account's caller always needs its own identity policies to allow the use of a key too. */
    private static boolean allowedBy(boolean sameAccount, ResourcePolicyDecision byKey, AccessDecision byIdentity) {
        return switch (byKey) {
            case ALLOW -> sameAccount ? byIdentity != AccessDecision.EXPLICIT_DENY : byIdentity.allowed();
            case ALLOW_VIA_ACCOUNT -> byIdentity.allowed();
            case DENY, NOT_APPLICABLE -> false;
        };
    }

    private static AccessRequest request(KmsCaller c, KmsKey key, String action, Map<String, String> encryptionContext) {
        return request(c, key.arn(), action, encryptionContext);
    }

    /** The request as policies see it, with the condition keys KMS sets. */
    private static AccessRequest request(KmsCaller c, String keyArn, String action, Map<String, String> encryptionContext) {
        ConditionKeys keys = new ConditionKeys()
                .put("kms:CallerAccount", c.accountId())
                .put("aws:PrincipalAccount", c.accountId())
                .put("aws:PrincipalArn", c.principalArn())
                .put("aws:RequestedRegion", c.region())
                .put("kms:ViaService", c.viaService());
        if (c.viaService() != null) {
            keys.put("kms:GrantIsForAWSResource", "true");
        }
        if (encryptionContext != null) {
            encryptionContext.forEach((k, v) -> keys.put("kms:EncryptionContext:" + k, v));
            keys.put("kms:EncryptionContextKeys", List.copyOf(encryptionContext.keySet()));
        }
        return new AccessRequest(c.principalArn(), c.accountId(), action, keyArn, keys);
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
