package dev.tern.account;

/** An AWS account as Tern knows it: its 12-digit id and optional alias. */
public record Account(String id, String alias) {}
