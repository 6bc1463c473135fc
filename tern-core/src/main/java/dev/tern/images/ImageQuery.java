package dev.tern.images;

import dev.tern.account.Accounts;
import dev.tern.account.CallContext;
import dev.tern.account.OwnerFilter;
import dev.tern.catalog.Catalog;
import dev.tern.config.TernConfig;
import dev.tern.error.ErrorCode;
import dev.tern.filter.Filters;
import dev.tern.filter.Filters.Filter;
import dev.tern.filter.Wildcard;
import dev.tern.paging.Paging;
import dev.tern.paging.Paging.Page;
import dev.tern.paging.Paging.Selection;
import dev.tern.permissions.Permission;
import dev.tern.permissions.PermissionTable;
import dev.tern.tags.TagService;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * DescribeImages. The database narrows first (Region, visibility, ids, owners, and the name filter through the
 * {@code images_by_region_name} index); tags and block devices are loaded in batches, only when a filter needs
 * them or for the page returned; then every filter is applied here, and that is the truth.
 */
final class ImageQuery {
    private static final String PAGE_KIND = "images";

    private final Catalog catalog;
    private final Accounts accounts;
    private final TernConfig config;
    private final Clock clock;
    private final TagService tags;
    private final ImageRepository repository;
    private final Filters<ImageView> filters;
    private final ImageRendering rendering;

    ImageQuery(Catalog catalog, Accounts accounts, TernConfig config, Clock clock, TagService tags, ImageRepository repository) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.config = config;
        this.clock = clock;
        this.tags = tags;
        this.repository = repository;
        this.filters = ImageFilters.create(accounts);
        this.rendering = new ImageRendering(accounts);
    }

    DescribeImagesResponse describe(CallContext ctx, DescribeImagesRequest request) {
        List<Filter> requested = request.filters().stream().map(f -> new Filter(f.name(), f.values())).toList();
        filters.validate(requested);
        request.imageIds().forEach(ImageAccess::requireWellFormed);
        if (request.maxResults() != null && !request.imageIds().isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage(
                    "The parameter imageIdsSet cannot be used with the parameter maxResults");
        }
        Page page = Paging.page(PAGE_KIND, request.maxResults(), request.nextToken(), 1);
        List<String> executableBy = request.executableUsers();
        for (String who : executableBy) {
            if (!"self".equals(who) && !"all".equals(who)) {
                Permission.user(who);
            }
        }
        Set<String> owners = OwnerFilter.resolve(request.owners(), ctx, accounts);
        if (owners != null && owners.isEmpty()) {
            return DescribeImagesResponse.builder().images(List.of()).build();
        }
        Set<String> ids = request.imageIds().isEmpty() ? null : new LinkedHashSet<>(request.imageIds());
        boolean needTags = requested.stream().anyMatch(f -> f.name().startsWith("tag"));
        boolean needDevices = requested.stream().anyMatch(f -> f.name().startsWith(ImageFilters.BLOCK_DEVICE_PREFIX));
        long cutoff = clock.millis() - config.deregisteredVisibleSeconds() * 1000L;
        // With ids the database already narrows exactly, and a visible id must not be reported missing because
        // the name narrowing dropped it.
        List<String> narrowing = ids == null ? nameNarrowing(requested) : null;
        ImageRepository.Selection selection = new ImageRepository.Selection(ctx.regionName(), ctx.accountId(), cutoff,
                ids, owners, narrowing, page.isFirst() ? null : page.after().get(0));
        List<Filter> nameFilters = requested.stream().filter(f -> f.name().equals("name")).toList();

        return catalog.read(h -> {
            List<ImageRow> candidates;
            if (ids == null && narrowing == null && !nameFilters.isEmpty()) {
                // A name pattern with a leading wildcard: match names on a cheap id-and-name scan first, then load
                // whole rows only for the images whose name matches.
                List<String> named = repository.visibleNames(h, selection).stream()
                        .filter(n -> nameFilters.stream().allMatch(f -> f.values().stream().anyMatch(v -> Wildcard.matches(v, n.name()))))
                        .map(ImageRepository.IdAndName::imageId)
                        .toList();
                candidates = named.isEmpty() ? List.of() : repository.byIds(h, named);
            } else {
                candidates = repository.visible(h, selection);
            }
            if (ids != null) {
                Set<String> found = new LinkedHashSet<>();
                candidates.forEach(r -> found.add(r.imageId()));
                List<String> missing = ids.stream().filter(id -> !found.contains(id)).toList();
                if (!missing.isEmpty()) {
                    throw ErrorCode.InvalidAMIID_NotFound.format(String.join(", ", missing));
                }
            }
            Map<String, Map<String, String>> tagsById = new HashMap<>();
            Map<String, List<BlockDeviceRow>> devicesById = new HashMap<>();
            Selection<ImageRow> chosen = Paging.select(candidates, page.limit(), batch -> {
                List<String> batchIds = batch.stream().map(ImageRow::imageId).toList();
                if (needTags) {
                    tagsById.putAll(tags.tagsOf(h, ctx.accountId(), batchIds));
                }
                if (needDevices) {
                    devicesById.putAll(repository.blockDevices(h, batchIds));
                }
                Map<String, List<Permission>> grants = executableBy.isEmpty()
                        ? Map.of() : PermissionTable.IMAGE_LAUNCH.listAll(h, batchIds);
                return r -> (executableBy.isEmpty() || isExecutableBy(r, grants.getOrDefault(r.imageId(), List.of()), executableBy, ctx))
                        && filters.matches(new ImageView(r, devicesById.getOrDefault(r.imageId(), List.of())),
                                tagsById.getOrDefault(r.imageId(), Map.of()), requested);
            });
            List<String> pageIds = chosen.items().stream().map(ImageRow::imageId).toList();
            if (!needTags && !pageIds.isEmpty()) {
                tagsById.putAll(tags.tagsOf(h, ctx.accountId(), pageIds));
            }
            if (!needDevices && !pageIds.isEmpty()) {
                devicesById.putAll(repository.blockDevices(h, pageIds));
            }
            List<Image> out = chosen.items().stream()
                    .map(r -> rendering.render(r, devicesById.getOrDefault(r.imageId(), List.of()),
                            tagsById.getOrDefault(r.imageId(), Map.of())))
                    .toList();
            String next = chosen.more() ? page.nextToken(PAGE_KIND, true, chosen.last().imageId()) : null;
            return DescribeImagesResponse.builder().images(out).nextToken(next).build();
        });
    }

    /**
     * The patterns of a {@code name} filter when each has a literal prefix the index can use, else null (a
     * leading wildcard in any one value means the database cannot narrow by name).
     */
    private static List<String> nameNarrowing(List<Filter> requested) {
        for (Filter f : requested) {
            if (f.name().equals("name") && !f.values().isEmpty()
                    && f.values().stream().allMatch(v -> v != null && !Wildcard.literalPrefix(v).isEmpty())) {
                return f.values();
            }
        }
        return null;
    }

    // ExecutableBy: 'all' is public images; 'self' (or the caller's id) images explicitly shared with the caller;
    // another account's id images explicitly shared with that account.
    private static boolean isExecutableBy(ImageRow r, List<Permission> grants, List<String> executableBy, CallContext ctx) {
        for (String who : executableBy) {
            boolean ok = "all".equals(who)
                    ? r.isPublic()
                    : grants.contains(new Permission(Permission.Kind.USER, "self".equals(who) ? ctx.accountId() : who));
            if (ok) {
                return true;
            }
        }
        return false;
    }
}
