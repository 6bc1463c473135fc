package dev.tern.tags;

import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.filter.Filters;
import dev.tern.filter.Filters.Filter;
import dev.tern.filter.Wildcard;
import dev.tern.paging.Paging;
import dev.tern.paging.Paging.Page;
import dev.tern.tags.TagRepository.TagRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/**
 * CreateTags, DeleteTags and DescribeTags, plus what images and snapshots need to tag resources they create and to
 * show tags. Tags are per account: each account sees and changes only the tags it set itself.
 */
public final class TagService {
    private static final String PAGE_KIND = "tags";
    private static final Filters<TagRow> FILTERS = new Filters<>(Map.of(
            "key", (t, tags) -> List.of(t.key()),
            "resource-id", (t, tags) -> List.of(t.resourceId()),
            "resource-type", (t, tags) -> List.of(t.resourceType()),
            "value", (t, tags) -> List.of(t.value())));

    private final Catalog catalog;
    private final TagRepository repository = new TagRepository();
    private final Map<String, TagTarget> targets = new HashMap<>();

    public TagService(Catalog catalog, List<TagTarget> targets) {
        this.catalog = catalog;
        for (TagTarget t : targets) {
            this.targets.put(t.idPrefix(), t);
        }
    }

    public CreateTagsResponse createTags(CallContext ctx, CreateTagsRequest request) {
        List<String> resources = requireResources(request.resources());
        if (request.tags().isEmpty()) {
            throw ErrorCode.MissingParameter.format("Tag");
        }
        Map<String, String> tags = TagRules.toSet(request.tags());
        catalog.useTransaction(h -> {
            List<TagTarget> kinds = requireVisible(h, ctx, resources);
            for (int i = 0; i < resources.size(); i++) {
                putTags(h, ctx, resources.get(i), kinds.get(i).resourceType(), tags);
            }
        });
        return CreateTagsResponse.builder().build();
    }

    public DeleteTagsResponse deleteTags(CallContext ctx, DeleteTagsRequest request) {
        List<String> resources = requireResources(request.resources());
        for (Tag t : request.tags()) {
            TagRules.validateKey(t.key());
        }
        catalog.useTransaction(h -> {
            requireVisible(h, ctx, resources);
            for (String id : resources) {
                if (request.tags().isEmpty()) {
                    repository.deleteAllOfAccount(h, id, ctx.accountId());
                }
                for (Tag t : request.tags()) {
                    repository.delete(h, id, ctx.accountId(), t.key(), t.value());
                }
            }
        });
        return DeleteTagsResponse.builder().build();
    }

    public DescribeTagsResponse describeTags(CallContext ctx, DescribeTagsRequest request) {
        List<Filter> filters = request.filters().stream().map(f -> new Filter(f.name(), f.values())).toList();
        FILTERS.validate(filters);
        Page page = Paging.page(PAGE_KIND, request.maxResults(), request.nextToken(), 2);
        List<TagRow> rows = catalog.read(h -> repository.list(h, ctx.accountId(), ctx.regionName(),
                page.isFirst() ? null : page.after().get(0), page.isFirst() ? null : page.after().get(1),
                exactValues(filters, "resource-id"), exactValues(filters, "key")));
        List<TagDescription> out = new ArrayList<>();
        TagRow last = null;
        boolean more = false;
        for (TagRow row : rows) {
            if (!FILTERS.matches(row, Map.of(row.key(), row.value()), filters)) {
                continue;
            }
            if (page.limit() != null && out.size() == page.limit()) {
                more = true;
                break;
            }
            out.add(TagDescription.builder().resourceId(row.resourceId()).resourceType(row.resourceType())
                    .key(row.key()).value(row.value()).build());
            last = row;
        }
        String next = more ? page.nextToken(PAGE_KIND, true, last.resourceId(), last.key()) : null;
        return DescribeTagsResponse.builder().tags(out).nextToken(next).build();
    }

    /** Tags a resource this request has just created (validated earlier with {@link TagRules}). */
    public void tagNewResource(Handle h, CallContext ctx, String resourceId, String resourceType, Map<String, String> tags) {
        tags.forEach((k, v) -> repository.put(h, resourceId, resourceType, ctx.accountId(), ctx.regionName(), k, v));
    }

    /** The account's own tags on each resource, loaded in batches; resources without tags are absent. */
    public Map<String, Map<String, String>> tagsOf(Handle h, String accountId, Collection<String> resourceIds) {
        return repository.tagsOf(h, accountId, resourceIds);
    }

    public Map<String, String> tagsOf(Handle h, String accountId, String resourceId) {
        return repository.tagsOf(h, accountId, resourceId);
    }

    /** Forgets every account's tags on a resource that is gone. */
    public void forgetResource(Handle h, String resourceId) {
        repository.deleteAllOf(h, resourceId);
    }

    private void putTags(Handle h, CallContext ctx, String resourceId, String type, Map<String, String> tags) {
        Map<String, String> existing = repository.tagsOf(h, ctx.accountId(), resourceId);
        long added = tags.keySet().stream().filter(k -> !existing.containsKey(k)).count();
        if (existing.size() + added > TagRules.MAX_TAGS_PER_RESOURCE) {
            throw ErrorCode.TagLimitExceeded.exception();
        }
        tags.forEach((k, v) -> repository.put(h, resourceId, type, ctx.accountId(), ctx.regionName(), k, v));
    }

    private static List<String> requireResources(List<String> resources) {
        if (resources.isEmpty()) {
            throw ErrorCode.MissingParameter.format("ResourceId");
        }
        return List.copyOf(new LinkedHashSet<>(resources));
    }

    // Every resource is checked before anything is written, so one bad id leaves all of them untouched.
    private List<TagTarget> requireVisible(Handle h, CallContext ctx, List<String> resources) {
        List<TagTarget> kinds = new ArrayList<>();
        for (String id : resources) {
            int dash = id == null ? -1 : id.indexOf('-');
            TagTarget target = dash < 0 ? null : targets.get(id.substring(0, dash));
            if (target == null) {
                throw ErrorCode.InvalidID.format(id);
            }
            target.requireVisible(h, ctx, id);
            kinds.add(target);
        }
        return kinds;
    }

    // The literal values of a filter, when every value is literal: the database can then narrow to them exactly.
    private static Set<String> exactValues(List<Filter> filters, String name) {
        for (Filter f : filters) {
            if (f.name().equals(name) && !f.values().isEmpty() && f.values().stream().noneMatch(TagService::isPattern)) {
                return new LinkedHashSet<>(f.values());
            }
        }
        return null;
    }

    private static boolean isPattern(String v) {
        return v == null || Wildcard.hasWildcard(v) || v.indexOf('\\') >= 0;
    }
}
