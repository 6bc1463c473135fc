package dev.tern.iam;

import dev.tern.iam.policy.IdentityPolicies;
import dev.tern.iam.policy.Policy;

import dev.tern.account.IdentityGeneration;
import dev.tern.account.Principal;
import dev.tern.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity policies of each user, compiled and cached per user and dropped whole when the {@link IdentityGeneration}
 * changes (any IAM write here at once, elsewhere within about a second): the authorizer asks on every request.
 */
final class UserPolicies {
    private record Cached(long generation, Map<String, IdentityPolicies> byUser) {}

    private final Catalog catalog;
    private final IdentityGeneration generation;
    private volatile Cached cached = new Cached(Long.MIN_VALUE, new ConcurrentHashMap<>());

    UserPolicies(Catalog catalog, IdentityGeneration generation) {
        this.catalog = catalog;
        this.generation = generation;
    }

    IdentityPolicies of(Principal principal) {
        if (principal.isRoot()) {
            return IdentityPolicies.ROOT;
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

    /** Compiled once per user and generation: parsing is the costly part, evaluation is not. */
    private IdentityPolicies load(String userId) {
        return catalog.read(h -> {
            List<Policy> policies = new ArrayList<>();
            IamRepository.inlinePolicies(h, userId).forEach(p -> policies.add(Policy.parse(p[1])));
            IamRepository.attachedPolicies(h, userId).forEach(p -> policies.add(Policy.parse(p.document())));
            return IdentityPolicies.of(policies);
        });
    }
}
