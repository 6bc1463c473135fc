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
        String rootKey) {

    public static final int DEFAULT_DEREGISTERED_VISIBLE_SECONDS = 60;

    public TernConfig {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    public static TernConfig empty() {
        return new TernConfig(List.of(), List.of(), null, null, null, null, null, null, null, null);
    }

    public int deregisteredVisibleSeconds() {
        return deregisteredImageVisibleSeconds == null ? DEFAULT_DEREGISTERED_VISIBLE_SECONDS : deregisteredImageVisibleSeconds;
    }

    public TernConfig withAccounts(List<AccountConfig> newAccounts) {
        return new TernConfig(newAccounts, regions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey);
    }

    public TernConfig withCatalog(String newCatalog) {
        return new TernConfig(accounts, regions, newCatalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey);
    }

    public TernConfig withRegions(List<RegionConfig> newRegions) {
        return new TernConfig(accounts, newRegions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey);
    }

    public TernConfig withTls(TlsConfig newTls) {
        return new TernConfig(accounts, regions, catalog, newTls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey);
    }

    public TernConfig withBlocks(String uri, String endpoint, String accessKey, String secretKey) {
        return new TernConfig(accounts, regions, catalog, tls, deregisteredImageVisibleSeconds, uri, endpoint, accessKey,
                secretKey, rootKey);
    }

    public TernConfig withRootKey(String file) {
        return new TernConfig(accounts, regions, catalog, tls, deregisteredImageVisibleSeconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, file);
    }

    public TernConfig withDeregisteredImageVisibleSeconds(int seconds) {
        return new TernConfig(accounts, regions, catalog, tls, seconds,
                blocks, blocksEndpoint, blocksAccessKey, blocksSecretKey, rootKey);
    }

    /** An account: a 12-digit id, an optional alias, and its access keys. */
    public record AccountConfig(String id, String alias, @JsonProperty("accessKeys") List<AccessKeyConfig> accessKeys) {
        public AccountConfig {
            accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
        }
    }

    public record AccessKeyConfig(String id, String secret) {}

    /** A Region by its AWS name; partition defaults from the name, PV support defaults to true. */
    public record RegionConfig(String name, String partition, Boolean supportsParavirtual, List<OutpostConfig> outposts) {
        public RegionConfig {
            outposts = outposts == null ? List.of() : List.copyOf(outposts);
        }
    }

    public record OutpostConfig(String arn) {}

    public record TlsConfig(String certificate, String privateKey) {}
}
