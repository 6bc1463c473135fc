package dev.tern.iam;

import dev.tern.account.KeyStatus;

/** An access key's metadata (never its secret); userId is null for an account's root key. */
record AccessKeyRow(String accessKeyId, String accountId, String userId, KeyStatus status, long createdAt) {}
