package dev.tern.kms;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The checks KMS makes on its members before anything else, with its messages ("1 validation error detected: ..."),
 * and its Limit / Marker paging. Markers are opaque: the listing's kind and the last item's sort key.
 */
final class KmsValidation {
    static final int MAX_CONTEXT_PAIRS = 64;

    /** A page of a listing: at most {@code limit} items after {@code after} (null: from the first). */
    record Page(int limit, String after) {}

    private KmsValidation() {}

    static TernException invalid(Object value, String member, String constraint) {
        return ErrorCode.ValidationException.withMessage("1 validation error detected: Value '" + value + "' at '"
                + member + "' failed to satisfy constraint: " + constraint);
    }

    static void length(String value, String member, int min, int max) {
        if (value == null) {
            return;
        }
        if (value.length() < min) {
            throw invalid(value, member, "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw invalid(value.length() > 64 ? value.substring(0, 64) + "..." : value, member,
                    "Member must have length less than or equal to " + max);
        }
    }

    static void required(Object value, String member) {
        if (value == null) {
            throw ErrorCode.ValidationException.withMessage("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
    }

    static void range(Integer value, String member, int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            throw invalid(value, member, "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw invalid(value, member, "Member must have value less than or equal to " + max);
        }
    }

    static void encryptionContext(Map<String, String> context) {
        if (context != null && context.size() > MAX_CONTEXT_PAIRS) {
            throw invalid(context.size() + " pairs", "encryptionContext", "Member must have at most "
                    + MAX_CONTEXT_PAIRS + " entries");
        }
    }

    static Page page(String kind, Integer limit, String marker, int max, int defaultLimit) {
        range(limit, "limit", 1, max);
        String after = null;
        if (marker != null) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
                if (!raw.startsWith(kind + "\n")) {
                    throw new IllegalArgumentException();
                }
                after = raw.substring(kind.length() + 1);
            } catch (IllegalArgumentException e) {
                throw ErrorCode.InvalidMarkerException.withMessage("Invalid marker: " + marker);
            }
        }
        return new Page(limit == null ? defaultLimit : limit, after);
    }

    static String marker(String kind, String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
    }
}
