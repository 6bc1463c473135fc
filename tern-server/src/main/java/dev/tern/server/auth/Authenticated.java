package dev.tern.server.auth;

import dev.tern.account.Account;

/** A request whose signature checked out: who signed it, and the Region and service of its scope. */
public record Authenticated(Account account, String accessKeyId, String region, String service) {}
