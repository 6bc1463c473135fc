package dev.tern.config;

import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.config.TernConfig.LocalZoneConfig;
import dev.tern.config.TernConfig.OutpostConfig;
import dev.tern.config.TernConfig.RegionConfig;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Fails fast with a message naming the bad value, so a broken file never half-starts a server. */
final class ConfigValidator {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern LOCAL_ZONE_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+-[a-z0-9]+-\\d+[a-z]");
    private static final Pattern LOCAL_ZONE_ID = Pattern.compile("[a-z0-9]+-[a-z0-9]+-az\\d+");

    private ConfigValidator() {}

    static void validate(TernConfig config) {
        Set<String> accountIds = new HashSet<>();
        Set<String> keyIds = new HashSet<>();
        for (AccountConfig account : config.accounts()) {
            if (account.id() == null || !ACCOUNT_ID.matcher(account.id()).matches()) {
                throw new ConfigException("accounts: id must be 12 digits, got " + account.id());
            }
            if (!accountIds.add(account.id())) {
                throw new ConfigException("accounts: account " + account.id() + " is listed twice");
            }
            for (AccessKeyConfig key : account.accessKeys()) {
                if (key.id() == null || key.id().isBlank() || key.secret() == null || key.secret().isEmpty()) {
                    throw new ConfigException("accounts: account " + account.id() + " has an access key without id or secret");
                }
                if (!keyIds.add(key.id())) {
                    throw new ConfigException("accounts: access key " + key.id() + " is listed twice");
                }
            }
        }
        Set<String> regionNames = new HashSet<>();
        Set<String> zoneNames = new HashSet<>();
        for (RegionConfig region : config.regions()) {
            if (region.name() == null || !REGION_NAME.matcher(region.name()).matches()) {
                throw new ConfigException("regions: not a Region name: " + region.name());
            }
            if (!regionNames.add(region.name())) {
                throw new ConfigException("regions: Region " + region.name() + " is listed twice");
            }
            if (region.partition() != null && Partition.fromName(region.partition()) == null) {
                throw new ConfigException("regions: unknown partition " + region.partition() + " for " + region.name());
            }
            for (OutpostConfig outpost : region.outposts()) {
                OutpostArn arn = OutpostArn.parse(outpost.arn());
                if (arn == null || !arn.region().equals(region.name())) {
                    throw new ConfigException("regions: " + region.name() + " lists an Outpost ARN that is malformed or of "
                            + "another Region: " + outpost.arn());
                }
            }
            for (LocalZoneConfig zone : region.localZones()) {
                validateLocalZone(region.name(), zone, zoneNames);
            }
        }
        validateCopy(config.copy());
        for (TernConfig.LinkConfig link : config.links()) {
            if (link.from() == null || !REGION_NAME.matcher(link.from()).matches()
                    || link.to() == null || !REGION_NAME.matcher(link.to()).matches()) {
                throw new ConfigException("links: from and to must be Region names, got " + link.from() + " -> " + link.to());
            }
            if (link.bandwidth() == null && link.latency() == null) {
                throw new ConfigException("links: " + link.from() + " -> " + link.to() + " needs a bandwidth or a latency");
            }
            try {
                if (link.bandwidth() != null) {
                    link.bandwidthBytesPerSecond();
                }
                link.latencyMillis();
            } catch (ConfigException e) {
                throw new ConfigException("links: " + link.from() + " -> " + link.to() + ": " + e.getMessage());
            }
        }
        if (config.deregisteredImageVisibleSeconds() != null && config.deregisteredImageVisibleSeconds() < 0) {
            throw new ConfigException("deregisteredImageVisibleSeconds must not be negative");
        }
        if (config.blocks() != null && !config.blocks().isBlank()) {
            if (!config.blocks().startsWith("s3://") || config.blocks().length() <= "s3://".length()) {
                throw new ConfigException("blocks: expected s3://BUCKET/PREFIX, got " + config.blocks());
            }
            if (config.blocksEndpoint() == null || config.blocksAccessKey() == null || config.blocksSecretKey() == null) {
                throw new ConfigException("blocks: an s3:// block store needs blocksEndpoint, blocksAccessKey and "
                        + "blocksSecretKey");
            }
        }
        if (config.tls() != null && (config.tls().certificate() == null || config.tls().privateKey() == null)) {
            throw new ConfigException("tls: both certificate and privateKey are required");
        }
    }

    // A Local Zone's name starts with its parent's name (us-west-2-lax-1a); names and ids are unique everywhere.
    private static void validateLocalZone(String region, LocalZoneConfig zone, Set<String> seen) {
        if (zone.name() == null || !LOCAL_ZONE_NAME.matcher(zone.name()).matches()
                || !zone.name().startsWith(region + "-")) {
            throw new ConfigException("regions: " + region + " lists a Local Zone whose name is not " + region
                    + "-<location>-<n><letter>: " + zone.name());
        }
        if (zone.zoneId() == null || !LOCAL_ZONE_ID.matcher(zone.zoneId()).matches()) {
            throw new ConfigException("regions: Local Zone " + zone.name() + " needs a zoneId such as usw2-lax1-az1, got "
                    + zone.zoneId());
        }
        if (!seen.add(zone.name()) || !seen.add(zone.zoneId())) {
            throw new ConfigException("regions: Local Zone " + zone.name() + " (" + zone.zoneId() + ") is listed twice");
        }
    }

    private static void validateCopy(TernConfig.CopyConfig c) {
        if (c.workers() < 1 || c.workers() > 256) {
            throw new ConfigException("copy.workers must be 1 to 256, got " + c.workers());
        }
        if (c.leaseSeconds() < 1) {
            throw new ConfigException("copy.leaseSeconds must be at least 1, got " + c.leaseSeconds());
        }
        if (!(c.timeScale() > 0)) {
            throw new ConfigException("copy.timeScale must be positive, got " + c.timeScale());
        }
        if (c.maxConcurrentImageCopies() < 1 || c.maxConcurrentSnapshotCopies() < 1
                || c.snapshotThroughputMiBps() < 1 || c.pairThroughputQuotaMiBps() < 1) {
            throw new ConfigException("copy: limits and quotas must be at least 1");
        }
    }
}
