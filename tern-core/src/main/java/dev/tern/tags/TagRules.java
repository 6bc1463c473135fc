package dev.tern.tags;

import dev.tern.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2's limits on user tags (docs/ebs-direct.md, StartSnapshot's Tags; docs/copying.md, "What the call does"). */
public final class TagRules {
    public static final int MAX_KEY_LENGTH = 127;
    public static final int MAX_VALUE_LENGTH = 256;
    public static final int MAX_TAGS_PER_RESOURCE = 50;

    private TagRules() {}

    public static void validateKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("aws:")) {
            throw ErrorCode.InvalidTagKey_Malformed.exception();
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ErrorCode.InvalidParameterValue.withMessage("Tag key exceeds the maximum length of "
                    + MAX_KEY_LENGTH + " characters");
        }
    }

    public static void validateValue(String value) {
        if (value != null && value.length() > MAX_VALUE_LENGTH) {
            throw ErrorCode.InvalidParameterValue.withMessage("Tag value exceeds the maximum length of "
                    + MAX_VALUE_LENGTH + " characters");
        }
    }

    /** Validated tags to set, key → value; a later duplicate key wins, a missing value is stored as "". */
    public static Map<String, String> toSet(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Tag t : tags) {
            validateKey(t.key());
            validateValue(t.value());
            out.put(t.key(), t.value() == null ? "" : t.value());
        }
        if (out.size() > MAX_TAGS_PER_RESOURCE) {
            throw ErrorCode.TagLimitExceeded.exception();
        }
        return out;
    }

    /**
     * The tags a create call's TagSpecifications give each resource type. A type outside {@code allowed} fails the
     * whole request, as EC2 does, before anything is written.
     */
    public static Map<String, Map<String, String>> fromSpecifications(List<TagSpecification> specs, Set<String> allowed) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (TagSpecification spec : specs) {
            String type = spec.resourceTypeAsString();
            if (type == null || !allowed.contains(type)) {
                throw ErrorCode.InvalidParameterValue.withMessage("'" + type
                        + "' is not a valid taggable resource type for this operation.");
            }
            Map<String, String> merged = out.computeIfAbsent(type, k -> new LinkedHashMap<>());
            merged.putAll(toSet(spec.tags()));
            if (merged.size() > MAX_TAGS_PER_RESOURCE) {
                throw ErrorCode.TagLimitExceeded.exception();
            }
        }
        return out;
    }
}
