package dev.tern.kms;

import dev.tern.config.Partition;
import dev.tern.error.ErrorCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four ways a request names a KMS key (key id, key ARN, alias name, alias ARN), and the ARNs Tern gives keys,
 * aliases and principals.
 */
public final class KeyArns {
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}");
    private static final Pattern ARN = Pattern.compile("arn:([a-z-]+):kms:([a-z0-9-]+):([0-9]{12}):(key|alias)/(.+)");

    /** How a key was named: {@code region} and {@code account} are null for a bare id or alias name. */
    public record KeyRef(boolean alias, String region, String account, String name) {
        public boolean isArn() {
            return account != null;
        }
    }

    private KeyArns() {}

    public static String keyArn(String region, String account, String keyId) {
        return "arn:" + Partition.ofRegion(region).id() + ":kms:" + region + ":" + account + ":key/" + keyId;
    }

    public static String aliasArn(String region, String account, String aliasName) {
        return "arn:" + Partition.ofRegion(region).id() + ":kms:" + region + ":" + account + ":" + aliasName;
    }

    /** The principal of an account's own calls: Tern has no IAM users yet, so every key of an account is its root. */
    public static String rootPrincipal(String partition, String account) {
        return "arn:" + partition + ":iam::" + account + ":root";
    }

    public static boolean isKeyId(String s) {
        return s != null && KEY_ID.matcher(s).matches();
    }

    /**
     * Parses a KeyId parameter.
     *
     * @throws dev.tern.error.TernException InvalidArnException for a malformed ARN, NotFoundException for
     *         anything that is none of the four forms
     */
    public static KeyRef parse(String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            throw ErrorCode.ValidationException.withMessage("1 validation error detected: Value null at 'keyId' failed "
                    + "to satisfy constraint: Member must not be null");
        }
        if (keyId.startsWith("arn:")) {
            Matcher m = ARN.matcher(keyId);
            if (!m.matches()) {
                throw ErrorCode.InvalidArnException.withMessage("ARN " + keyId + " is not a valid KMS key or alias ARN.");
            }
            boolean alias = m.group(4).equals("alias");
            String name = alias ? "alias/" + m.group(5) : m.group(5);
            return new KeyRef(alias, m.group(2), m.group(3), name);
        }
        if (keyId.startsWith("alias/")) {
            return new KeyRef(true, null, null, keyId);
        }
        if (isKeyId(keyId)) {
            return new KeyRef(false, null, null, keyId);
        }
        throw ErrorCode.KmsNotFoundException.withMessage("Invalid keyId '" + keyId + "'");
    }
}
