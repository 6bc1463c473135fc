package dev.tern.iam.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The condition keys of one request (aws:SourceIp, aws:RequestTag/team, kms:EncryptionContext:purpose, ...): each a
 * list of values. Names are matched without regard to case, as IAM does; values keep theirs. A key that was never
 * put, or was put with no values, is missing, which is what Null, IfExists and the set operators look at. Made and
 * read by one request at a time, so not synchronized.
 */
public final class ConditionKeys {
    private final Map<String, List<String>> values = new HashMap<>();

    public ConditionKeys() {}

    /** Sets {@code key} to the one value {@code value}; a null value leaves the key missing. */
    public ConditionKeys put(String key, String value) {
        return value == null ? remove(key) : put(key, List.of(value));
    }

    /** Sets a multi-valued key (aws:TagKeys); an empty list leaves it missing. */
    public ConditionKeys put(String key, List<String> keyValues) {
        if (keyValues == null || keyValues.isEmpty()) {
            return remove(key);
        }
        values.put(normalize(key), List.copyOf(keyValues));
        return this;
    }

    public ConditionKeys remove(String key) {
        values.remove(normalize(key));
        return this;
    }

    /** The values of {@code key}, or null when it is missing. */
    public List<String> get(String key) {
        return values.get(normalize(key));
    }

    /** Another bag with the same keys, to add a resource's own keys to the request's. */
    public ConditionKeys copy() {
        ConditionKeys c = new ConditionKeys();
        c.values.putAll(values);
        return c;
    }

    /** The keys (in lower case) and their values, for an authorization failure message. */
    public Map<String, List<String>> asMap() {
        return Map.copyOf(values);
    }

    /** Lookup by a name already in {@link #normalize} form: what compiled conditions use, without allocating. */
    List<String> getNormalized(String normalizedKey) {
        return values.get(normalizedKey);
    }

    static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
