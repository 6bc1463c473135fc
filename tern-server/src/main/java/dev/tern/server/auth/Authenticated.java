package dev.tern.server.auth;

import dev.tern.account.Account;
import dev.tern.account.Principal;

/** A request whose signature checked out: who signed it (account and principal), and its scope's Region and service. */
public record Authenticated(Account account, Principal principal, String accessKeyId, String region, String service) {}
