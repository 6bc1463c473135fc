package dev.tern.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Tern's configuration file (YAML). This record and its parts are the one documented list of keys;
 * docs/configuration.md describes each and a test pins the names.
 *
 * @param accounts accounts and their access keys
 * @param regions Regions served; empty means AWS's commercial Regions
 * @param catalog JDBC URL of the catalogue; empty means SQLite in the data directory
 * @param tls serve HTTPS with this certificate and key
 * @param deregisteredImageVisibleSeconds how long a deregistered image still shows in DescribeImages
 * @param blocks where snapshot blocks live: {@code s3://BUCKET/PREFIX}; empty means files in the data directory
 * @param blocksEndpoint the S3-compatible endpoint URL for {@code blocks: s3://...}
 * @param blocksAccessKey the access key for the block bucket
 * @param blocksSecretKey the secret key for the block bucket
 * @param rootKey the file holding the root key KMS key material is wrapped under (created when missing); empty
 *        means {@code TERN_ROOT_KEY}, else the file {@code DATA_DIR.root-key} beside the data directory
 * @param copy the copy engine's settings (workers, leases, limits, simulated time)
 * @param links simulated network links between Regions, which cap the copy traffic from one to the other
 */
public record TernConfig(
        List<AccountConfig> accounts,
        List<RegionConfig> regions,
        String catalog,
        TlsConfig tls,
        Integer deregisteredImageVisibleSeconds,
        String blocks,
        String blocksEndpoint,
        String blocksAccessKey,
        String blocksSecretKey,
        String rootKey,
        CopyConfig copy,
        List<LinkConfig> links) {

    public static final int DEFAULT_DEREGISTERED_VISIBLE_SECONDS = 60;

    public TernConfig {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        regions = regions == null ? List.of() : List.copyOf(regions);
        copy = copy == null ? CopyConfig.DEFAULTS : copy;
        links = links == null ? List.of() : List.copyOf(links);
    }

    public static TernConfig empty() {
        return new TernConfig(List.of(), List.of(), null, null, null, null, null, null, null, null, null, null);
    }

    public int deregisteredVisibleSeconds() {
        return deregisteredImageVisibleSeconds == null ? DEFAULT_DEREGISTERED_VISIBLE_SECONDS : deregisteredImageVisibleSeconds;
    }

    public TernConfig withAccounts(List<AccountConfig> newAccounts) {
        return new TernConfig(newAccounts, regions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey, copy, links);
    }

    public TernConfig withCatalog(String newCatalog) {
        return new TernConfig(accounts, regions, newCatalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey, copy, links);
    }

    public TernConfig withRegions(List<RegionConfig> newRegions) {
        return new TernConfig(accounts, newRegions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey, copy, links);
    }

    public TernConfig withTls(TlsConfig newTls) {
        return new TernConfig(accounts, regions, catalog, newTls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey, copy, links);
    }

    public TernConfig withBlocks(String uri, String endpoint, String accessKey, String secretKey) {
        return new TernConfig(accounts, regions, catalog, tls, deregisteredImageVisibleSeconds, uri, endpoint, accessKey,
                secretKey, rootKey, copy, links);
    }

    public TernConfig withRootKey(String file) {
        return new TernConfig(accounts, regions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, file, copy, links);
    }

    public TernConfig withCopy(CopyConfig newCopy) {
        return new TernConfig(accounts, regions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey, newCopy, links);
    }

    public TernConfig withLinks(List<LinkConfig> newLinks) {
        return new TernConfig(accounts, regions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey, copy, newLinks);
    }

    /** Adds a simulated link from one Region to another ({@code bandwidth} such as {@code 256KiB/s}, or null). */
    public TernConfig withLink(String from, String to, String bandwidth, String latency) {
        List<LinkConfig> more = new java.util.ArrayList<>(links);
        more.add(new LinkConfig(from, to, bandwidth, latency));
        return withLinks(more);
    }

    /** Simulated time runs {@code scale} times faster (copy.timeScale). */
    public TernConfig withTimeScale(double scale) {
        return withCopy(copy.withTimeScale(scale));
    }

    /** Adds a Local Zone to Region {@code region} (which is added to the Regions when missing). */
    public TernConfig withLocalZone(String region, String name, String zoneId, boolean requiresEncryption) {
        List<RegionConfig> changed = new java.util.ArrayList<>(regions);
        int at = -1;
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i).name().equals(region)) {
                at = i;
            }
        }
        RegionConfig r = at < 0 ? new RegionConfig(region, null, null, List.of()) : changed.get(at);
        List<LocalZoneConfig> zones = new java.util.ArrayList<>(r.localZones());
        zones.add(new LocalZoneConfig(name, zoneId, requiresEncryption));
        RegionConfig withZone = new RegionConfig(r.name(), r.partition(), r.supportsParavirtual(), r.outposts(), zones);
        if (at < 0) {
            changed.add(withZone);
        } else {
            changed.set(at, withZone);
        }
        return withRegions(changed);
    }

    public TernConfig withDeregisteredImageVisibleSeconds(int seconds) {
        return new TernConfig(accounts, regions, catalog, tls, seconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey, copy, links);
    }

    /** An account: a 12-digit id, an optional alias, and its access keys. */
    public record AccountConfig(String id, String alias, @JsonProperty("accessKeys") List<AccessKeyConfig> accessKeys) {
        public AccountConfig {
            accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
        }
    }

    public record AccessKeyConfig(String id, String secret) {}

    /**
     * A Region by its AWS name; partition defaults from the name, PV support defaults to true. {@code localZones}
     * are the Local Zones whose parent it is (docs/copying.md, "Local Zones").
     */
    public record RegionConfig(String name, String partition, Boolean supportsParavirtual, List<OutpostConfig> outposts,
            @JsonProperty("localZones") List<LocalZoneConfig> localZones) {
        public RegionConfig {
            outposts = outposts == null ? List.of() : List.copyOf(outposts);
            localZones = localZones == null ? List.of() : List.copyOf(localZones);
        }

        public RegionConfig(String name, String partition, Boolean supportsParavirtual, List<OutpostConfig> outposts) {
            this(name, partition, supportsParavirtual, outposts, List.of());
        }
    }

    /**
     * A Local Zone of a Region: {@code name} (e.g. us-west-2-lax-1a, CopyImage's DestinationAvailabilityZone),
     * {@code zoneId} (e.g. usw2-lax1-az1, DestinationAvailabilityZoneId); copies into a zone that
     * {@code requiresEncryption} are always encrypted.
     */
    public record LocalZoneConfig(String name, @JsonProperty("zoneId") String zoneId, Boolean requiresEncryption) {}

    public record OutpostConfig(String arn) {}

    public record TlsConfig(String certificate, String privateKey) {}

    /**
     * The copy engine's settings (docs/configuration.md, docs/copying.md); each null key takes its default.
     *
     * @param workers tasks one node works on at once
     * @param leaseSeconds how long a claimed task stays a node's without renewal; another node takes it over after
     * @param timeScale how many times faster than real time simulated time runs: link bandwidths and latencies and
     *        the deadlines of time-based copies all scale by it
     * @param maxConcurrentImageCopies image copies in progress per account and destination Region
     * @param maxConcurrentSnapshotCopies CopySnapshot copies in progress per account and destination Region
     * @param snapshotThroughputMiBps the highest rate one time-based snapshot copy reserves
     * @param pairThroughputQuotaMiBps the rate all time-based copies between two Regions may reserve together
     */
    public record CopyConfig(Integer workers, Integer leaseSeconds, Double timeScale, Integer maxConcurrentImageCopies,
            Integer maxConcurrentSnapshotCopies, Integer snapshotThroughputMiBps, Integer pairThroughputQuotaMiBps) {
        public static final CopyConfig DEFAULTS = new CopyConfig(null, null, null, null, null, null, null);

        public CopyConfig {
            workers = workers == null ? 4 : workers;
            leaseSeconds = leaseSeconds == null ? 10 : leaseSeconds;
            timeScale = timeScale == null ? 1.0 : timeScale;
            maxConcurrentImageCopies = maxConcurrentImageCopies == null ? 100 : maxConcurrentImageCopies;
            maxConcurrentSnapshotCopies = maxConcurrentSnapshotCopies == null ? 20 : maxConcurrentSnapshotCopies;
            snapshotThroughputMiBps = snapshotThroughputMiBps == null ? 500 : snapshotThroughputMiBps;
            pairThroughputQuotaMiBps = pairThroughputQuotaMiBps == null ? 2000 : pairThroughputQuotaMiBps;
        }

        public CopyConfig withWorkers(int n) {
            return new CopyConfig(n, leaseSeconds, timeScale, maxConcurrentImageCopies, maxConcurrentSnapshotCopies,
                    snapshotThroughputMiBps, pairThroughputQuotaMiBps);
        }

        public CopyConfig withLeaseSeconds(int seconds) {
            return new CopyConfig(workers, seconds, timeScale, maxConcurrentImageCopies, maxConcurrentSnapshotCopies,
                    snapshotThroughputMiBps, pairThroughputQuotaMiBps);
        }

        public CopyConfig withTimeScale(double scale) {
            return new CopyConfig(workers, leaseSeconds, scale, maxConcurrentImageCopies, maxConcurrentSnapshotCopies,
                    snapshotThroughputMiBps, pairThroughputQuotaMiBps);
        }

        public CopyConfig withMaxConcurrentImageCopies(int n) {
            return new CopyConfig(workers, leaseSeconds, timeScale, n, maxConcurrentSnapshotCopies,
                    snapshotThroughputMiBps, pairThroughputQuotaMiBps);
        }
    }

    /**
     * A simulated network link: copy traffic from Region {@code from} to Region {@code to} is capped at
     * {@code bandwidth} (e.g. {@code 256KiB/s}), and each block waits {@code latency} (e.g. {@code 50ms}) more.
     */
    public record LinkConfig(String from, String to, String bandwidth, String latency) {
        public long bandwidthBytesPerSecond() {
            return Units.bytesPerSecond(bandwidth);
        }

        public long latencyMillis() {
            return latency == null ? 0 : Units.millis(latency);
        }
    }
}
