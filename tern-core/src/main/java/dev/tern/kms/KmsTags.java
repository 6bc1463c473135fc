package dev.tern.kms;

import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagResourceRequest;
import software.amazon.awssdk.services.kms.model.TagResourceResponse;
import software.amazon.awssdk.services.kms.model.UntagResourceRequest;
import software.amazon.awssdk.services.kms.model.UntagResourceResponse;

/** Tags on KMS keys: KMS's own limits (keys 1 to 128 characters, values up to 256, no aws: prefix, 50 a key). */
final class KmsTags {
    static final int MAX_TAGS = 50;

    private final Catalog catalog;
    private final KeyAccess access;

    KmsTags(Catalog catalog, KeyAccess access) {
        this.catalog = catalog;
        this.access = access;
    }

    void validate(List<Tag> tags) {
        if (tags == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Tag t : tags) {
            KmsValidation.required(t.tagKey(), "tags.member.tagKey");
            KmsValidation.required(t.tagValue(), "tags.member.tagValue");
            KmsValidation.length(t.tagKey(), "tags.member.tagKey", 1, 128);
            KmsValidation.length(t.tagValue(), "tags.member.tagValue", 0, 256);
            if (t.tagKey().startsWith("aws:")) {
                throw ErrorCode.TagException.withMessage("Tag keys beginning with aws: are reserved: " + t.tagKey());
            }
            if (!seen.add(t.tagKey())) {
                throw ErrorCode.TagException.withMessage("Duplicate tag keys: " + t.tagKey());
            }
        }
    }

    /** Adds or replaces tags inside the caller's transaction, refusing a key that would have more than 50. */
    void put(Handle h, String keyId, List<Tag> tags) {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        Map<String, String> current = KeyRepository.tags(h, keyId);
        Set<String> after = new HashSet<>(current.keySet());
        tags.forEach(t -> after.add(t.tagKey()));
        if (after.size() > MAX_TAGS) {
            throw ErrorCode.LimitExceededException.withMessage("A KMS key can have at most " + MAX_TAGS + " tags.");
        }
        tags.forEach(t -> KeyRepository.putTag(h, keyId, t.tagKey(), t.tagValue()));
    }

    TagResourceResponse tag(KmsCaller c, TagResourceRequest r) {
        KmsValidation.required(r.tags(), "tags");
        validate(r.tags());
        catalog.useTransaction(h -> {
            KmsKey k = ownKey(h, c, r.keyId(), "kms:TagResource");
            put(h, k.keyId(), r.tags());
        });
        return TagResourceResponse.builder().build();
    }

    UntagResourceResponse untag(KmsCaller c, UntagResourceRequest r) {
        KmsValidation.required(r.tagKeys(), "tagKeys");
        catalog.useTransaction(h -> {
            KmsKey k = ownKey(h, c, r.keyId(), "kms:UntagResource");
            r.tagKeys().forEach(key -> KeyRepository.deleteTag(h, k.keyId(), key));
        });
        return UntagResourceResponse.builder().build();
    }

    ListResourceTagsResponse list(KmsCaller c, ListResourceTagsRequest r) {
        KmsValidation.Page page = KmsValidation.page("tags", r.limit(), r.marker(), 50, 50);
        Map<String, String> all = catalog.read(h -> KeyRepository.tags(h, ownKey(h, c, r.keyId(), "kms:ListResourceTags").keyId()));
        List<Tag> out = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (page.after() != null && e.getKey().compareTo(page.after()) <= 0) {
                continue;
            }
            if (out.size() == page.limit()) {
                more = true;
                break;
            }
            out.add(Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build());
        }
        ListResourceTagsResponse.Builder b = ListResourceTagsResponse.builder().tags(out).truncated(more);
        if (more) {
            b.nextMarker(KmsValidation.marker("tags", out.get(out.size() - 1).tagKey()));
        }
        return b.build();
    }

    /** Tag operations work on the caller's own keys, in any state but deleted. */
    private KmsKey ownKey(Handle h, KmsCaller c, String keyId, String action) {
        KmsKey k = access.resolve(h, c, keyId, false, false);
        access.authorize(h, c, k, action, null);
        return k;
    }
}
