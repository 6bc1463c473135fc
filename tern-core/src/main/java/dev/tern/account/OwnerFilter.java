package dev.tern.account;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Owner.N} parameter of DescribeImages and DescribeSnapshots: {@code self}, an account id, or an
 * account alias such as {@code amazon}. An alias no known account carries matches nothing.
 */
public final class OwnerFilter {
    private OwnerFilter() {}

    /** The account ids the owners name, or null when no owner was given (no narrowing). */
    public static Set<String> resolve(List<String> owners, CallContext ctx, Accounts accounts) {
        if (owners.isEmpty()) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String owner : owners) {
            if ("self".equals(owner)) {
                ids.add(ctx.accountId());
            } else if (owner != null && owner.matches("[0-9]{12}")) {
                ids.add(owner);
            } else {
                Account a = accounts.byAlias(owner);
                if (a != null) {
                    ids.add(a.id());
                }
            }
        }
        return ids;
    }
}
