package dev.tern.blocks;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Opens the block store a {@link BlockStoreConfig} names. */
public final class BlockStores {
    /** The directory under the data directory that holds blocks when they are kept as files. */
    public static final String DIRECTORY = "blocks";

    private BlockStores() {}

    /**
     * Files under {@code dataDir/blocks} when {@code config} names no URI, else the S3-compatible store it names.
     * Bad settings fail with {@link IllegalArgumentException}, naming the configuration key at fault.
     */
    public static BlockStore open(BlockStoreConfig config, Path dataDir) {
        if (config == null || config.isFiles()) {
            return new FileBlockStore(dataDir.resolve(DIRECTORY));
        }
        if (!S3Location.isS3(config.uri())) {
            throw new IllegalArgumentException(
                    "blocks: expected s3://BUCKET/PREFIX, or nothing for files under the data directory: " + config.uri());
        }
        S3Location location;
        try {
            location = S3Location.parse(config.uri());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("blocks: " + e.getMessage(), e);
        }
        boolean hasAccessKey = !blank(config.accessKey());
        if (hasAccessKey == blank(config.secretKey())) {
            throw new IllegalArgumentException("blocksAccessKey and blocksSecretKey go together: give both or neither");
        }
        return S3BlockStore.open(location, endpoint(config.endpoint()), config.accessKey(), config.secretKey());
    }

    private static URI endpoint(String endpoint) {
        if (blank(endpoint)) {
            return null;
        }
        try {
            URI uri = new URI(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("blocksEndpoint: expected an http:// or https:// URL: " + endpoint);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("blocksEndpoint: not a URL: " + endpoint, e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
