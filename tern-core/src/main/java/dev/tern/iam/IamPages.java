package dev.tern.iam;

import dev.tern.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * IAM's Marker / MaxItems paging over a listing, in the order of its lower-cased names: the marker is the lower-cased name of the
 * next item, base64url-encoded, so a page resumes there even when items were added or removed in between.
 */
final class IamPages {
    /** One page: its items, and the marker of the next page (null when this is the last). */
    record Page<T>(List<T> items, String marker) {
        boolean truncated() {
            return marker != null;
        }
    }

    private IamPages() {}

    /** The page of {@code items} (in any order: sorted here, so that markers follow Java's order, not a collation). */
    static <T> Page<T> page(List<T> items, Function<T, String> name, String marker, Integer maxItems) {
        int limit = IamNames.maxItems(maxItems);
        List<T> sorted = items.stream().sorted(Comparator.comparing(t -> name.apply(t).toLowerCase(Locale.ROOT))).toList();
        int from = 0;
        if (marker != null) {
            String after = decode(marker);
            while (from < sorted.size() && name.apply(sorted.get(from)).toLowerCase(Locale.ROOT).compareTo(after) < 0) {
                from++;
            }
        }
        int to = Math.min(sorted.size(), from + limit);
        String next = to < sorted.size() ? encode(name.apply(sorted.get(to)).toLowerCase(Locale.ROOT)) : null;
        return new Page<>(List.copyOf(sorted.subList(from, to)), next);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.InvalidInput.withMessage("Invalid Marker.");
        }
    }
}
