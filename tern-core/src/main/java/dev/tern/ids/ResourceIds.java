package dev.tern.ids;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/** Resource ids in AWS's formats: a prefix and 17 lower-case hex digits ({@code ami-0123456789abcdef0}). */
public final class ResourceIds {
    public static final String IMAGE = "ami";
    public static final String SNAPSHOT = "snap";
    public static final String VOLUME = "vol";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[a-z]+-[0-9a-f]{17}|[a-z]+-[0-9a-f]{8}");

    private ResourceIds() {}

    public static String newId(String prefix) {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    /** True when {@code id} is {@code prefix-} followed by 17 (or the older 8) lower-case hex digits. */
    public static boolean isWellFormed(String id, String prefix) {
        return id != null && id.startsWith(prefix + "-") && ID.matcher(id).matches();
    }

    /** A request id in the form AWS uses (a UUID). */
    public static String newRequestId() {
        // Request ids need to be unique, not secret: SecureRandom's lock is not worth taking on every request.
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }
}
