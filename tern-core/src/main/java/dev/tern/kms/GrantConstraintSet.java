package dev.tern.kms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grant's encryption context constraints, read from the JSON the catalogue keeps: what a request's context must
 * equal, what it must contain, or nothing. Knows whether another set of constraints is at least as strict, which is
 * what a grant created through a grant must be.
 */
record GrantConstraintSet(Map<String, String> equalsContext, Map<String, String> subsetContext) {
    static final GrantConstraintSet NONE = new GrantConstraintSet(null, null);

    static GrantConstraintSet parse(String constraintsJson) {
        if (constraintsJson == null) {
            return NONE;
        }
        try {
            JsonNode c = KeyPolicy.JSON.readTree(constraintsJson);
            return new GrantConstraintSet(map(c.get("EncryptionContextEquals")), map(c.get("EncryptionContextSubset")));
        } catch (Exception e) {
            throw new IllegalStateException("stored grant constraints are not JSON", e);
        }
    }

    private static Map<String, String> map(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, String> m = new TreeMap<>();
        node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** Whether a request with this encryption context (null: none) passes the constraints. */
    boolean admits(Map<String, String> context) {
        Map<String, String> actual = context == null ? Map.of() : context;
        return (equalsContext == null || equalsContext.equals(actual))
                && (subsetContext == null || contains(actual, subsetContext));
    }

    /**
     * Whether every context {@code narrower} admits is also admitted by these constraints: the new grant's
     * constraints must then be at least these ones.
     */
    boolean covers(GrantConstraintSet narrower) {
        if (equalsContext != null && !equalsContext.equals(narrower.equalsContext)) {
            return false;
        }
        if (subsetContext != null) {
            boolean byEquals = narrower.equalsContext != null && contains(narrower.equalsContext, subsetContext);
            boolean bySubset = narrower.subsetContext != null && contains(narrower.subsetContext, subsetContext);
            return byEquals || bySubset;
        }
        return true;
    }

    private static boolean contains(Map<String, String> outer, Map<String, String> inner) {
        return outer.entrySet().containsAll(inner.entrySet());
    }
}
