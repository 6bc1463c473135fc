package dev.tern.iam;

import dev.tern.account.UserArns;

/** A customer managed policy as the catalogue holds it, with how many users it is attached to. */
record PolicyRow(String policyId, String accountId, String policyName, String path, String description,
        String document, long createdAt, long updatedAt, int attachments) {
    String arn() {
        return UserArns.policy(accountId, path, policyName);
    }
}
