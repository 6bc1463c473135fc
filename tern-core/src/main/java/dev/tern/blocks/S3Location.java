package dev.tern.blocks;

import java.util.regex.Pattern;

/**
 * A place in an S3-compatible store, written {@code s3://BUCKET/PREFIX} in the configuration. The prefix may be
 * empty; it is kept without leading or trailing slashes.
 */
public record S3Location(String bucket, String prefix) {
    static final String SCHEME = "s3://";
    // S3's own bucket naming rule: 3 to 63 lowercase letters, digits, dots and hyphens.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Location {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not an S3 bucket name: " + bucket);
        }
        prefix = trimSlashes(prefix == null ? "" : prefix);
        if (prefix.contains("//")) {
            throw new IllegalArgumentException("an S3 prefix has no empty path segments: " + prefix);
        }
    }

    public static boolean isS3(String uri) {
        return uri != null && uri.startsWith(SCHEME);
    }

    /** Parses {@code s3://BUCKET} or {@code s3://BUCKET/PREFIX}. */
    public static S3Location parse(String uri) {
        if (!isS3(uri)) {
            throw new IllegalArgumentException("expected s3://BUCKET/PREFIX: " + uri);
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The object key for a block key: the prefix, a slash, then the block key. */
    public String objectKey(String blockKey) {
        return prefix.isEmpty() ? blockKey : prefix + "/" + blockKey;
    }

    /** What every object key of this location starts with. */
    public String listPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }
}
