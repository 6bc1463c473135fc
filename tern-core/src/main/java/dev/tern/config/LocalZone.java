package dev.tern.config;

/**
 * A Local Zone: an extension of its parent Region (docs/copying.md, "Local Zones").
 *
 * @param name the zone name, e.g. us-west-2-lax-1a
 * @param zoneId the zone id, e.g. usw2-lax1-az1
 * @param parentRegion the Region it extends
 * @param requiresEncryption whether every snapshot copied into it is encrypted
 */
public record LocalZone(String name, String zoneId, String parentRegion, boolean requiresEncryption) {}
