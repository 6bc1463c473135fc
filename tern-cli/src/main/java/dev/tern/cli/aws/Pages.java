package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pagination as the AWS CLI does it: the pages of a paginated operation are merged into one document holding only
 * the result members, their lists concatenated. With {@code --max-items} the lists stop at that many items and a
 * {@code NextToken} (base64 of a small JSON document) says where to go on with {@code --starting-token}.
 */
final class Pages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The request members that carry a page token, and the response members that return one. */
    static final List<String> INPUT_TOKENS = List.of("NextToken", "Marker", "PageToken", "StartingToken");
    static final List<String> OUTPUT_TOKENS = List.of("NextToken", "NextMarker", "NextPageToken");
    /** The request members that limit a page's size. */
    static final List<String> LIMIT_KEYS = List.of("MaxResults", "Limit", "MaxItems", "PageSize");

    private final List<String> resultKeys;
    private final ObjectNode merged = F.objectNode();
    private final Integer maxItems;
    private int items;
    private String resumeToken;
    private boolean done;

    Pages(List<String> resultKeys, Integer maxItems) {
        this.resultKeys = resultKeys;
        this.maxItems = maxItems;
    }

    /** The result members of a page that exist in the response, in the response's order. */
    static List<String> orderedKeys(JsonNode firstPage, List<String> sdkKeys) {
        List<String> keys = new ArrayList<>();
        firstPage.fieldNames().forEachRemaining(name -> {
            for (String k : sdkKeys) {
                if (k.equalsIgnoreCase(name)) {
                    keys.add(name);
                }
            }
        });
        for (String k : sdkKeys) {
            if (keys.stream().noneMatch(k::equalsIgnoreCase)) {
                keys.add(k);
            }
        }
        return keys;
    }

    boolean done() {
        return done;
    }

    /**
     * Adds a page. {@code pageToken} is the token that fetched it (null for the first), so that a stop inside it
     * can be resumed from.
     */
    void add(JsonNode page, String pageToken, String inputTokenName) {
        int pageItems = 0;
        for (String key : resultKeys) {
            JsonNode value = page.get(key);
            if (value != null && value.isArray()) {
                pageItems = Math.max(pageItems, value.size());
            }
        }
        int keep = pageItems;
        if (maxItems != null && items + pageItems >= maxItems) {
            keep = maxItems - items;
            done = true;
            if (keep < pageItems) {
                ObjectNode token = F.objectNode();
                if (pageToken != null) {
                    token.put(inputTokenName, pageToken);
                }
                token.put("boto_truncate_amount", keep);
                resumeToken = encode(token);
            } else {
                String next = outputToken(page);
                if (next != null) {
                    resumeToken = encode(F.objectNode().put(inputTokenName, next));
                }
            }
        }
        items += keep;
        for (String key : resultKeys) {
            JsonNode value = page.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                ArrayNode existing = merged.has(key) ? (ArrayNode) merged.get(key) : merged.putArray(key);
                for (int i = 0; i < value.size() && i < keep; i++) {
                    existing.add(value.get(i));
                }
            } else if (!merged.has(key)) {
                merged.set(key, value);
            }
        }
    }

    static String outputToken(JsonNode page) {
        for (String t : OUTPUT_TOKENS) {
            JsonNode v = page.get(t);
            if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
                return v.textValue();
            }
        }
        return null;
    }

    ObjectNode result() {
        if (resumeToken != null) {
            merged.put("NextToken", resumeToken);
        }
        return merged;
    }

    String resumeToken() {
        return resumeToken;
    }

    private static String encode(ObjectNode token) {
        return Base64.getEncoder().encodeToString(JsonOutput.compact(token).getBytes(StandardCharsets.UTF_8));
    }

    /** The AWS CLI's starting token: base64 JSON of the service token and how many items of its page to skip. */
    record Start(String token, int skip) {}

    static Start decode(String startingToken) {
        try {
            JsonNode n = OperationArgs.JSON.readTree(Base64.getDecoder().decode(startingToken));
            String token = null;
            for (String t : INPUT_TOKENS) {
                if (n.hasNonNull(t)) {
                    token = n.get(t).asText();
                }
            }
            return new Start(token, n.path("boto_truncate_amount").asInt(0));
        } catch (Exception e) {
            // Not one of ours: take it as the service's own token, as older AWS CLI tokens were.
            return new Start(startingToken, 0);
        }
    }
}
