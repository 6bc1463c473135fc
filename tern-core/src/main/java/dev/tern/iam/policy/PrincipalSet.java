package dev.tern.iam.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled Principal or NotPrincipal element: everyone ({@code "*"} or {@code {"AWS":"*"}}), accounts (an id or
 * {@code arn:PARTITION:iam::ID:root}), other principal ARNs (users, roles) and service principals, each kept in a
 * set so matching is a lookup.
 */
final class PrincipalSet {
    private final boolean everyone;
    private final Set<String> accounts;
    private final Set<String> arns;

    private PrincipalSet(boolean everyone, Set<String> accounts, Set<String> arns) {
        this.everyone = everyone;
        this.accounts = accounts;
        this.arns = arns;
    }

    static PrincipalSet everyone() {
        return new PrincipalSet(true, Set.of(), Set.of());
    }

    /**
     * @param aws the AWS entries, already checked to be {@code *}, a 12-digit account id or an ARN
     * @param others the Service (and other kinds of) entries, matched as exact principal names
     */
    static PrincipalSet of(List<String> aws, List<String> others) {
        boolean all = false;
        Set<String> accounts = new HashSet<>();
        Set<String> arns = new HashSet<>(others);
        for (String a : aws) {
            String account = rootAccount(a);
            if (a.equals("*")) {
                all = true;
            } else if (isAccountId(a)) {
                accounts.add(a);
            } else if (account != null) {
                accounts.add(account);
            } else {
                arns.add(a);
            }
        }
        return new PrincipalSet(all, Set.copyOf(accounts), Set.copyOf(arns));
    }

    PrincipalMatch match(AccessRequest r) {
        if (everyone || arns.contains(r.principalArn())) {
            return PrincipalMatch.DIRECT;
        }
        return accounts.contains(r.principalAccount()) ? PrincipalMatch.ACCOUNT : PrincipalMatch.NONE;
    }

    static boolean isAccountId(String s) {
        if (s.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The account of {@code arn:PARTITION:iam::ACCOUNT:root}, or null for anything else. */
    static String rootAccount(String arn) {
        String[] p = arn.split(":", -1);
        if (p.length == 6 && p[0].equals("arn") && p[2].equals("iam") && p[3].isEmpty() && isAccountId(p[4])
                && p[5].equals("root")) {
            return p[4];
        }
        return null;
    }

    /** What a Principal's AWS entry may be: everyone, an account id, or an IAM or STS ARN. */
    static boolean isValidAws(String s) {
        if (s.equals("*") || isAccountId(s)) {
            return true;
        }
        String[] p = s.split(":", 6);
        return p.length == 6 && p[0].equals("arn") && !p[1].isEmpty() && (p[2].equals("iam") || p[2].equals("sts"))
                && p[3].isEmpty() && isAccountId(p[4]) && !p[5].isEmpty();
    }
}
