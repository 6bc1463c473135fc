package dev.tern.snapshots;

import dev.tern.account.Accounts;
import dev.tern.account.CallContext;
import dev.tern.account.OwnerFilter;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.filter.Filters;
import dev.tern.filter.Filters.Filter;
import dev.tern.paging.Paging;
import dev.tern.paging.Paging.Page;
import dev.tern.paging.Paging.Selection;
import dev.tern.permissions.Permission;
import dev.tern.permissions.PermissionTable;
import dev.tern.tags.TagService;
import dev.tern.time.Ec2Time;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * DescribeSnapshots: the caller's own snapshots, public ones, and those shared with it, in its Region. The
 * database narrows by visibility, ids and owners; the filters are then applied here, and are the truth.
 */
final class SnapshotQuery {
    private static final String PAGE_KIND = "snapshots";

    private final Catalog catalog;
    private final Accounts accounts;
    private final TagService tags;
    private final SnapshotRepository repository;
    private final Filters<SnapshotRow> filters;

    SnapshotQuery(Catalog catalog, Accounts accounts, TagService tags, SnapshotRepository repository) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.tags = tags;
        this.repository = repository;
        this.filters = new Filters<>(Map.ofEntries(
                Map.entry("description", (s, t) -> nullable(s.description())),
                Map.entry("encrypted", (s, t) -> List.of(Boolean.toString(s.encrypted()))),
                Map.entry("owner-alias", (s, t) -> nullable(accounts.aliasOf(s.ownerId()))),
                Map.entry("owner-id", (s, t) -> List.of(s.ownerId())),
                Map.entry("progress", (s, t) -> nullable(s.progress())),
                Map.entry("snapshot-id", (s, t) -> List.of(s.snapshotId())),
                Map.entry("start-time", (s, t) -> List.of(Ec2Time.iso(s.startTime()))),
                Map.entry("status", (s, t) -> List.of(s.status())),
                Map.entry("storage-tier", (s, t) -> List.of(s.storageTier())),
                Map.entry("tag-key", (s, t) -> t.keySet()),
                Map.entry("tag-value", (s, t) -> t.values()),
                Map.entry("transfer-type", (s, t) -> nullable(s.transferType())),
                Map.entry("volume-id", (s, t) -> List.of(s.volumeId())),
                Map.entry("volume-size", (s, t) -> List.of(Integer.toString(s.volumeSize())))));
    }

    DescribeSnapshotsResponse describe(CallContext ctx, DescribeSnapshotsRequest request) {
        List<Filter> requested = request.filters().stream().map(f -> new Filter(f.name(), f.values())).toList();
        filters.validate(requested);
        request.snapshotIds().forEach(SnapshotAccess::requireWellFormed);
        if (request.maxResults() != null && !request.snapshotIds().isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage(
                    "The parameter snapshotSet cannot be used with the parameter maxResults");
        }
        Page page = Paging.page(PAGE_KIND, request.maxResults(), request.nextToken(), 1);
        Set<String> owners = OwnerFilter.resolve(request.ownerIds(), ctx, accounts);
        List<String> restorableBy = request.restorableByUserIds();
        restorableBy.forEach(SnapshotQuery::validateRestorableBy);
        if (owners != null && owners.isEmpty()) {
            return DescribeSnapshotsResponse.builder().snapshots(List.of()).build();
        }
        Set<String> ids = request.snapshotIds().isEmpty() ? null : new LinkedHashSet<>(request.snapshotIds());
        boolean needTags = requested.stream().anyMatch(f -> f.name().startsWith("tag"));

        return catalog.read(h -> {
            List<SnapshotRow> candidates = repository.visible(h, ctx.regionName(), ctx.accountId(), ids, owners,
                    page.isFirst() ? null : page.after().get(0));
            if (ids != null) {
                Set<String> found = new LinkedHashSet<>();
                candidates.forEach(s -> found.add(s.snapshotId()));
                ids.stream().filter(id -> !found.contains(id)).findFirst().ifPresent(missing -> {
                    throw ErrorCode.InvalidSnapshot_NotFound.format(missing);
                });
            }
            Map<String, Map<String, String>> tagsById = new HashMap<>();
            Selection<SnapshotRow> selection = Paging.select(candidates, page.limit(), batch -> {
                List<String> batchIds = batch.stream().map(SnapshotRow::snapshotId).toList();
                if (needTags) {
                    tagsById.putAll(tags.tagsOf(h, ctx.accountId(), batchIds));
                }
                Map<String, List<Permission>> grants = restorableBy.isEmpty()
                        ? Map.of() : PermissionTable.SNAPSHOT_VOLUME.listAll(h, batchIds);
                Predicate<SnapshotRow> restorable = s -> restorableBy.isEmpty()
                        || isRestorableBy(s, grants.getOrDefault(s.snapshotId(), List.of()), restorableBy, ctx);
                return s -> restorable.test(s)
                        && filters.matches(s, tagsById.getOrDefault(s.snapshotId(), Map.of()), requested);
            });
            if (!needTags) {
                tagsById.putAll(tags.tagsOf(h, ctx.accountId(), selection.items().stream().map(SnapshotRow::snapshotId).toList()));
            }
            List<Snapshot> out = selection.items().stream()
                    .map(s -> render(s, tagsById.getOrDefault(s.snapshotId(), Map.of())))
                    .toList();
            String next = selection.more() ? page.nextToken(PAGE_KIND, true, selection.last().snapshotId()) : null;
            return DescribeSnapshotsResponse.builder().snapshots(out).nextToken(next).build();
        });
    }

    // RestorableBy: 'self' is what the caller owns or was explicitly granted, 'all' what is public, and another
    // account's id what the caller has explicitly shared with that account.
    private static boolean isRestorableBy(SnapshotRow s, List<Permission> grants, List<String> restorableBy, CallContext ctx) {
        for (String who : restorableBy) {
            boolean ok = switch (who) {
                case "all" -> grants.contains(Permission.PUBLIC);
                case "self" -> s.isOwnedBy(ctx.accountId()) || grants.contains(new Permission(Permission.Kind.USER, ctx.accountId()));
                default -> who.equals(ctx.accountId())
                        ? s.isOwnedBy(who) || grants.contains(new Permission(Permission.Kind.USER, who))
                        : s.isOwnedBy(ctx.accountId()) && grants.contains(new Permission(Permission.Kind.USER, who));
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static void validateRestorableBy(String who) {
        if (!"self".equals(who) && !"all".equals(who)) {
            Permission.user(who);
        }
    }

    Snapshot render(SnapshotRow s, Map<String, String> tagMap) {
        return Snapshot.builder()
                .snapshotId(s.snapshotId())
                .volumeId(s.volumeId())
                .state(s.status())
                .stateMessage(s.statusMessage())
                .startTime(Instant.ofEpochMilli(s.startTime()))
                .progress(s.progress())
                .ownerId(s.ownerId())
                .ownerAlias(accounts.aliasOf(s.ownerId()))
                .description(s.description())
                .volumeSize(s.volumeSize())
                .encrypted(s.encrypted())
                .kmsKeyId(s.kmsKeyId())
                .dataEncryptionKeyId(s.dataEncryptionKeyId())
                .storageTier(s.storageTier())
                .outpostArn(s.outpostArn())
                .availabilityZone(s.availabilityZone())
                .transferType(s.transferType())
                .completionDurationMinutes(s.completionDurationMinutes())
                .completionTime(s.completionTime() == null ? null : Instant.ofEpochMilli(s.completionTime()))
                .fullSnapshotSizeInBytes(s.fullSizeBytes())
                .tags(toTags(tagMap))
                .build();
    }

    static List<Tag> toTags(Map<String, String> tagMap) {
        return tagMap.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static List<String> nullable(String v) {
        return v == null ? List.of() : List.of(v);
    }
}
