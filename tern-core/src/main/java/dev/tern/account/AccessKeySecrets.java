package dev.tern.account;

import dev.tern.kms.RootKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Secret access keys at rest: sealed under the server's root key (as KMS key material is) and bound to their key id,
 * so the catalogue alone (a backup, a stolen database) yields no usable credentials and a sealed secret cannot be
 * moved to another key id. docs/security.md.
 */
public final class AccessKeySecrets {
    private AccessKeySecrets() {}

    public static String seal(RootKey rootKey, String accessKeyId, String secret) {
        return Base64.getEncoder().encodeToString(
                rootKey.wrap(secret.getBytes(StandardCharsets.UTF_8), boundTo(accessKeyId)));
    }

    public static String open(RootKey rootKey, String accessKeyId, String sealed) {
        return new String(rootKey.unwrap(Base64.getDecoder().decode(sealed), boundTo(accessKeyId)), StandardCharsets.UTF_8);
    }

    private static String boundTo(String accessKeyId) {
        return "access-key/" + accessKeyId;
    }
}
