package dev.tern.blocks;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The names of stored objects: {@code REGION/NAME}, so each Region has its own block area. A shared (deduplicated)
 * block is named by the SHA-256 of its content plus a random suffix: the suffix makes every object written a new
 * name, so a name, once freed and deleted, is never written again, and a late delete or orphan sweep can never
 * remove a newer object that happens to hold the same bytes.
 */
public final class BlockKeys {
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    // Four plain characters first: stores fan directories out by them, and no name can be "." or "..".
    private static final Pattern NAME = Pattern.compile("[0-9a-z]{4}[0-9a-z.-]{0,124}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BlockKeys() {}

    /** A new key for a block whose content has SHA-256 {@code sha256Hex}, in {@code region}. */
    public static String newContentKey(String region, String sha256Hex) {
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        return key(region, sha256Hex + "." + HexFormat.of().formatHex(suffix));
    }

    /** A new key for a sealed (encrypted) block in {@code region}: random, since sealed blocks are never shared. */
    public static String newSealedKey(String region) {
        byte[] name = new byte[16];
        RANDOM.nextBytes(name);
        return key(region, HexFormat.of().formatHex(name) + ".sealed");
    }

    static String key(String region, String name) {
        String key = region + "/" + name;
        check(key);
        return key;
    }

    /** Refuses anything that cannot be the Region part of a key. */
    public static void checkRegion(String region) {
        if (region == null || region.length() > 32 || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not a Region name: " + region);
        }
    }

    public static boolean isValid(String key) {
        if (key == null || key.length() > 200) {
            return false;
        }
        int slash = key.indexOf('/');
        return slash > 0
                && REGION.matcher(key.substring(0, slash)).matches()
                && NAME.matcher(key.substring(slash + 1)).matches();
    }

    public static void check(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("not a block key: " + key);
        }
    }

    public static String region(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    public static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
