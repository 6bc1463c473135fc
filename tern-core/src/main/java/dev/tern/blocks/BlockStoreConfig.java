package dev.tern.blocks;

/**
 * Where blocks are kept, as the configuration says it: {@code uri} blank for files under the data directory, or
 * {@code s3://BUCKET/PREFIX} for an S3-compatible store, reached at {@code endpoint} (AWS S3 when blank) with
 * {@code accessKey} and {@code secretKey} (the SDK's usual credential chain when blank).
 */
public record BlockStoreConfig(String uri, String endpoint, String accessKey, String secretKey) {

    /** Files under the data directory: the default. */
    public static BlockStoreConfig files() {
        return new BlockStoreConfig(null, null, null, null);
    }

    public static BlockStoreConfig s3(String uri, String endpoint, String accessKey, String secretKey) {
        return new BlockStoreConfig(uri, endpoint, accessKey, secretKey);
    }

    public boolean isFiles() {
        return uri == null || uri.isBlank();
    }

    /** Hides the secret, so the configuration can be logged. */
    @Override
    public String toString() {
        return "BlockStoreConfig[uri=" + uri + ", endpoint=" + endpoint + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey == null ? null : "****") + "]";
    }
}
