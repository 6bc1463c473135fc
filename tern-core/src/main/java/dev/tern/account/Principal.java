package dev.tern.account;

import static java.util.Objects.requireNonNull;

/**
 * Who signed a request: an account's root (its configured or created root keys) or one of its IAM users.
 *
 * @param accountId the account the principal belongs to
 * @param arn {@code arn:aws:iam::ACCOUNT:root} or {@code arn:aws:iam::ACCOUNT:user/PATH/NAME}
 * @param userName the IAM user's name; null for the root
 * @param userId the IAM user's unique id ({@code AIDA…}); for the root, the account id (as GetCallerIdentity shows)
 */
public record Principal(String accountId, String arn, String userName, String userId) {
    public Principal {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(userId, "userId is null");
    }

    /** The root of {@code accountId}: may do everything in its own account, so no policy is evaluated for it. */
    public static Principal root(String accountId) {
        return new Principal(accountId, "arn:aws:iam::" + accountId + ":root", null, accountId);
    }

    public boolean isRoot() {
        return userName == null;
    }
}
