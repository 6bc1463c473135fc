package dev.tern.paging;

import dev.tern.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * EC2's MaxResults / NextToken paging, shared by the Describe calls. A token is opaque to clients: the kind of
 * listing and the sort key of the last item returned, base64url-encoded, so a page resumes after that item even
 * when items were added or removed in between.
 */
public final class Paging {
    public static final int MIN_RESULTS = 5;
    public static final int MAX_RESULTS = 1000;

    // The unit separator cannot occur in ids, tag keys of practical use, or the kind names below.
    private static final String SEP = "\u001f";
    private static final int BATCH = 500;

    private Paging() {}

    /**
     * One request's page: how many items at most (null: all of them) and where the previous page stopped
     * (null: from the start).
     */
    public record Page(Integer limit, List<String> after) {
        public boolean isFirst() {
            return after == null;
        }

        /** The next page's token when {@code more} items remain after {@code lastKey}, else null. */
        public String nextToken(String kind, boolean more, String... lastKey) {
            return more ? encode(kind, lastKey) : null;
        }
    }

    /** Validates MaxResults (5 to 1000) and decodes NextToken for a listing of {@code kind}. */
    public static Page page(String kind, Integer maxResults, String nextToken, int keyParts) {
        if (maxResults != null && (maxResults < MIN_RESULTS || maxResults > MAX_RESULTS)) {
            throw ErrorCode.InvalidParameterValue.withMessage("Value ( " + maxResults
                    + " ) for parameter maxResults is invalid. Expecting a value between "
                    + MIN_RESULTS + " and " + MAX_RESULTS + ".");
        }
        List<String> after = nextToken == null || nextToken.isEmpty() ? null : decode(kind, nextToken, keyParts);
        return new Page(maxResults, after);
    }

    /** The items of one page, and whether more matching items follow it. */
    public record Selection<R>(List<R> items, boolean more) {
        public R last() {
            return items.get(items.size() - 1);
        }
    }

    /**
     * Picks the page from {@code candidates} (already in page order, narrowed by the database): walks them in
     * batches, asks {@code matcherFor} for a predicate for each batch (so it can load tags and the like for that
     * batch only, in one query), and stops once the page is full and one more match shows there is a next page.
     */
    public static <R> Selection<R> select(List<R> candidates, Integer limit, Function<List<R>, Predicate<R>> matcherFor) {
        List<R> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i += BATCH) {
            List<R> batch = candidates.subList(i, Math.min(candidates.size(), i + BATCH));
            Predicate<R> matches = matcherFor.apply(batch);
            for (R r : batch) {
                if (!matches.test(r)) {
                    continue;
                }
                if (limit != null && out.size() == limit) {
                    return new Selection<>(out, true);
                }
                out.add(r);
            }
        }
        return new Selection<>(out, false);
    }

    static String encode(String kind, String... key) {
        String raw = kind + SEP + String.join(SEP, key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> decode(String kind, String token, int keyParts) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.InvalidNextToken.exception();
        }
        List<String> parts = List.of(raw.split(SEP, -1));
        if (parts.size() != keyParts + 1 || !parts.get(0).equals(kind)) {
            throw ErrorCode.InvalidNextToken.exception();
        }
        return parts.subList(1, parts.size());
    }
}
