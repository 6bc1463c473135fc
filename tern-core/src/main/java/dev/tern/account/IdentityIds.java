package dev.tern.account;

import java.security.SecureRandom;

/**
 * New identifiers in IAM's shapes: access keys {@code AKIA} + 16, users {@code AIDA} + 17, managed policies
 * {@code ANPA} + 17 characters of the base32 alphabet (upper-case letters and 2-7), 40-character secrets, and
 * 12-digit account ids. Random, so ids made by different nodes or processes do not collide in practice; the
 * catalogue's keys catch the rest.
 */
public final class IdentityIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private IdentityIds() {}

    public static String accessKeyId() {
        return "AKIA" + random(BASE32, 16);
    }

    public static String userId() {
        return "AIDA" + random(BASE32, 17);
    }

    public static String policyId() {
        return "ANPA" + random(BASE32, 17);
    }

    public static String secretAccessKey() {
        return random(SECRET_CHARS, 40);
    }

    /** Twelve digits, the first not 0 (so that no tool reading it as a number loses a digit). */
    public static String accountId() {
        return (1 + RANDOM.nextInt(9)) + random("0123456789", 11);
    }

    private static String random(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
