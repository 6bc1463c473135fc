package dev.tern.iam;

import dev.tern.account.Principal;
import dev.tern.account.UserArns;

/** An IAM user as the catalogue holds it. */
record UserRow(String userId, String accountId, String userName, String path, long createdAt) {
    String arn() {
        return UserArns.user(accountId, path, userName);
    }

    Principal principal() {
        return new Principal(accountId, arn(), userName, userId);
    }
}
