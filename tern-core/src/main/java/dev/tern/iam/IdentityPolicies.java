package dev.tern.iam;

import dev.tern.account.IdentityGeneration;
import dev.tern.account.Principal;
import dev.tern.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity policy documents of each user, cached per user and dropped whole when the {@link IdentityGeneration}
 * changes (any IAM write here at once, elsewhere within about a second): the authorizer asks on every request.
 */
final class IdentityPolicies {
    private record Cached(long generation, Map<String, List<String>> byUser) {}

    private final Catalog catalog;
    private final IdentityGeneration generation;
    private volatile Cached cached = new Cached(Long.MIN_VALUE, new ConcurrentHashMap<>());

    IdentityPolicies(Catalog catalog, IdentityGeneration generation) {
        this.catalog = catalog;
        this.generation = generation;
    }

    List<String> of(Principal principal) {
        if (principal.isRoot()) {
            return List.of();
        }
        long g = generation.current();
        Cached c = cached;
        if (c.generation() != g) {
            c = new Cached(g, new ConcurrentHashMap<>());
            cached = c;
        }
        // Read after g: a write racing with the read changes the generation, so the next call reads again.
        return c.byUser().computeIfAbsent(principal.userId(), this::load);
    }

    private List<String> load(String userId) {
        return catalog.read(h -> {
            List<String> docs = new ArrayList<>();
            IamRepository.inlinePolicies(h, userId).forEach(p -> docs.add(p[1]));
            IamRepository.attachedPolicies(h, userId).forEach(p -> docs.add(p.document()));
            return List.copyOf(docs);
        });
    }
}
