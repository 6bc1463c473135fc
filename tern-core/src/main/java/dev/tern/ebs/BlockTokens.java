package dev.tern.ebs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Block tokens and page tokens of the EBS direct APIs: capabilities no client can forge or stretch. A token is
 * {@code version | expiry | HMAC-SHA256}, base64 (the alphabet AWS's model allows for tokens), where the MAC covers
 * what the token is for: a block token the snapshot and block index, a page token the listing and where the next
 * page starts. Verifying one recomputes the MAC for the request's own snapshot and index, so a token given for
 * another snapshot or block fails the same way a made-up one does. Lifetimes are AWS's (docs/ebs-direct.md).
 */
final class BlockTokens {
    static final Duration BLOCK_TOKEN_LIFETIME = Duration.ofDays(7);
    static final Duration PAGE_TOKEN_LIFETIME = Duration.ofMinutes(60);
    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 32;
    private static final int BLOCK_TOKEN_BYTES = 1 + Long.BYTES + MAC_BYTES;
    private static final int PAGE_TOKEN_BYTES = 1 + Long.BYTES + Integer.BYTES + MAC_BYTES;

    private final SecretKeySpec key;
    private final Clock clock;

    BlockTokens(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** When block tokens handed out now expire: whole seconds, as the wire shows them. */
    Instant blockTokenExpiry() {
        return Instant.ofEpochSecond(clock.instant().plus(BLOCK_TOKEN_LIFETIME).getEpochSecond());
    }

    String blockToken(String snapshotId, int blockIndex, Instant expiry) {
        long expires = expiry.getEpochSecond();
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(BLOCK_TOKEN_BYTES).put(VERSION).putLong(expires)
                .put(mac("block", snapshotId, Integer.toString(blockIndex), Long.toString(expires))).array());
    }

    /** Refuses, with INVALID_BLOCK_TOKEN, a token that is not one this Tern gave for this block, or has expired. */
    void verifyBlockToken(String token, String snapshotId, int blockIndex) {
        ByteBuffer b = decode(token, BLOCK_TOKEN_BYTES);
        if (b == null) {
            throw EbsErrors.invalid(EbsErrors.INVALID_BLOCK_TOKEN, "The block token is not valid.");
        }
        long expires = b.getLong();
        if (!macMatches(b, "block", snapshotId, Integer.toString(blockIndex), Long.toString(expires))) {
            throw EbsErrors.invalid(EbsErrors.INVALID_BLOCK_TOKEN,
                    "The block token is not valid for block " + blockIndex + " of snapshot " + snapshotId + ".");
        }
        if (clock.instant().getEpochSecond() >= expires) {
            throw EbsErrors.invalid(EbsErrors.INVALID_BLOCK_TOKEN, "The block token has expired.");
        }
    }

    /** A NextToken: the listing {@code listing} goes on at block index {@code nextIndex}. */
    String pageToken(String listing, int nextIndex) {
        long expires = clock.instant().plus(PAGE_TOKEN_LIFETIME).getEpochSecond();
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(PAGE_TOKEN_BYTES).put(VERSION).putLong(expires)
                .putInt(nextIndex).put(mac("page", listing, Integer.toString(nextIndex), Long.toString(expires))).array());
    }

    /** The block index a NextToken of {@code listing} goes on at; INVALID_PAGE_TOKEN when it is not one, or expired. */
    int verifyPageToken(String token, String listing) {
        ByteBuffer b = decode(token, PAGE_TOKEN_BYTES);
        if (b == null) {
            throw EbsErrors.invalid(EbsErrors.INVALID_PAGE_TOKEN, "The pagination token is not valid.");
        }
        long expires = b.getLong();
        int next = b.getInt();
        if (!macMatches(b, "page", listing, Integer.toString(next), Long.toString(expires))) {
            throw EbsErrors.invalid(EbsErrors.INVALID_PAGE_TOKEN, "The pagination token is not valid for this request.");
        }
        if (clock.instant().getEpochSecond() >= expires) {
            throw EbsErrors.invalid(EbsErrors.INVALID_PAGE_TOKEN, "The pagination token has expired.");
        }
        return next;
    }

    /** The token's bytes positioned after the version, or null when it is not a token of this shape at all. */
    private static ByteBuffer decode(String token, int length) {
        if (token == null) {
            return null;
        }
        byte[] raw;
        try {
            // A '+' sent unescaped in a query string arrives as a space.
            raw = Base64.getDecoder().decode(token.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != length || raw[0] != VERSION) {
            return null;
        }
        return ByteBuffer.wrap(raw, 1, raw.length - 1);
    }

    private boolean macMatches(ByteBuffer rest, String... fields) {
        byte[] given = new byte[MAC_BYTES];
        rest.get(given);
        return MessageDigest.isEqual(given, mac(fields));
    }

    private byte[] mac(String... fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Newline-separated: no field (ids, numbers, listing names) contains one, so the input is unambiguous.
            return mac.doFinal(String.join("\n", fields).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
