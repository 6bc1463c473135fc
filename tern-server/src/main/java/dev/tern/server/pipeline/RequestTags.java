package dev.tern.server.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The tags a request asks to attach, for aws:RequestTag/KEY and aws:TagKeys, read from the model whatever the
 * service: EC2's TagSpecifications and CreateTags' Tags ({@code Key}/{@code Value}), IAM's Tags, KMS's Tags
 * ({@code TagKey}/{@code TagValue}).
 */
final class RequestTags {
    private RequestTags() {}

    static Map<String, String> of(Object request) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (request instanceof SdkPojo pojo) {
            for (Object spec : list(pojo, "TagSpecifications")) {
                if (spec instanceof SdkPojo s) {
                    addAll(tags, list(s, "Tags"));
                }
            }
            addAll(tags, list(pojo, "Tags"));
        }
        return tags;
    }

    private static void addAll(Map<String, String> into, List<?> tags) {
        for (Object t : tags) {
            if (t instanceof SdkPojo tag) {
                String key = string(tag, "Key", "TagKey");
                if (key != null) {
                    String value = string(tag, "Value", "TagValue");
                    into.put(key, value == null ? "" : value);
                }
            }
        }
    }

    private static List<?> list(SdkPojo pojo, String member) {
        for (SdkField<?> f : pojo.sdkFields()) {
            if (f.memberName().equals(member) && f.getValueOrDefault(pojo) instanceof List<?> l) {
                return l;
            }
        }
        return List.of();
    }

    private static String string(SdkPojo pojo, String... members) {
        for (SdkField<?> f : pojo.sdkFields()) {
            for (String m : members) {
                if (f.memberName().equals(m) && f.getValueOrDefault(pojo) instanceof String s) {
                    return s;
                }
            }
        }
        return null;
    }
}
