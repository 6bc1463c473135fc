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
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * DescribeImages. The database narrows first (Region, visibility, ids, owners, and the name filter through the
 * {@code images_by_region_name} index) and returns each image with its block devices and tags in one query; then
 * every filter is applied here, and that is the truth.
 */
final class ImageQuery {
    private static final String PAGE_KIND = "images";

    private final Catalog catalog;
    private final Accounts accounts;
    private final TernConfig config;
    private final Clock clock;
    private final ImageListings listings;
    private final Filters<ImageView> filters;
    private final ImageRendering rendering;

    ImageQuery(Catalog catalog, Accounts accounts, TernConfig config, Clock clock) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.config = config;
        this.clock = clock;
        this.listings = new ImageListings(catalog.dialect());
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
        long cutoff = clock.millis() - config.deregisteredVisibleSeconds() * 1000L;
        // With ids the database already narrows exactly, and a visible id must not be reported missing because
        // the name narrowing dropped it.
        List<String> narrowing = ids == null ? nameNarrowing(requested) : null;
        ImageListings.Selection selection = new ImageListings.Selection(ctx.regionName(), ctx.accountId(), cutoff,
                ids, owners, narrowing, page.isFirst() ? null : page.after().get(0));
        List<Filter> nameFilters = requested.stream().filter(f -> f.name().equals("name")).toList();

        return catalog.read(h -> {
            List<ImageView> candidates;
            if (ids == null && narrowing == null && !nameFilters.isEmpty()) {
                // A name pattern with a leading wildcard: match names on a cheap id-and-name scan first, then load
                // whole images only for those whose name matches.
                List<String> named = listings.visibleNames(h, selection).stream()
                        .filter(n -> nameFilters.stream().allMatch(f -> f.values().stream().anyMatch(v -> Wildcard.matches(v, n.name()))))
                        .map(ImageListings.IdAndName::imageId)
                        .toList();
                candidates = named.isEmpty() ? List.of() : listings.byIds(h, named, ctx.accountId());
            } else {
                candidates = listings.visible(h, selection);
            }
            if (ids != null) {
                Set<String> found = new LinkedHashSet<>();
                candidates.forEach(v -> found.add(v.row().imageId()));
                List<String> missing = ids.stream().filter(id -> !found.contains(id)).toList();
                if (!missing.isEmpty()) {
                    throw ErrorCode.InvalidAMIID_NotFound.format(String.join(", ", missing));
                }
            }
            Selection<ImageView> chosen = Paging.select(candidates, page.limit(), batch -> {
                Map<String, List<Permission>> grants = executableBy.isEmpty() ? Map.of()
                        : PermissionTable.IMAGE_LAUNCH.listAll(h, batch.stream().map(v -> v.row().imageId()).toList());
                return v -> (executableBy.isEmpty()
                                || isExecutableBy(v.row(), grants.getOrDefault(v.row().imageId(), List.of()), executableBy, ctx))
                        && filters.matches(v, v.tags(), requested);
            });
            List<Image> out = chosen.items().stream().map(rendering::render).toList();
            String next = chosen.more() ? page.nextToken(PAGE_KIND, true, chosen.last().row().imageId()) : null;
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
