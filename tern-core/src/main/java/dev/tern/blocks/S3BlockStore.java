package dev.tern.blocks;

import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blocks as objects in an S3-compatible store (AWS S3, MinIO, Ceph, s3proxy...), under
 * {@code PREFIX/REGION/NAME} in one bucket. A single PUT is atomic in S3: an object is visible whole or not at all,
 * and is durable once the store answers 200.
 */
public final class S3BlockStore implements BlockStore {
    private final S3Client s3;
    private final S3Location location;

    public S3BlockStore(S3Client s3, S3Location location) {
        this.s3 = s3;
        this.location = location;
    }

    /**
     * Connects to {@code location}: at {@code endpoint} when given (an S3-compatible store, addressed path-style
     * since most of them have no per-bucket host names), else AWS S3. Without an access key the SDK's usual
     * credential chain applies. Fails at once if the bucket cannot be reached, so a wrong setting shows at start.
     */
    public static S3BlockStore open(S3Location location, URI endpoint, String accessKey, String secretKey) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(credentials(accessKey, secretKey))
                // Stores other than AWS mostly ignore the signing Region; AWS itself finds a bucket's Region this way.
                .region(Region.US_EAST_1)
                .crossRegionAccessEnabled(true)
                // Tern checks every block's SHA-256 itself; the newer default checksums are not understood everywhere.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        S3BlockStore store = new S3BlockStore(builder.build(), location);
        try {
            store.s3.headBucket(b -> b.bucket(location.bucket()));
            return store;
        } catch (SdkException e) {
            store.close();
            throw new BlockStoreException("cannot reach the block bucket " + location
                    + (endpoint == null ? "" : " at " + endpoint) + ": " + e.getMessage(), e);
        }
    }

    private static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    public S3Location location() {
        return location;
    }

    @Override
    public void put(String key, byte[] data) {
        BlockKeys.check(key);
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(location.objectKey(key)).contentLength((long) data.length),
                    RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw new BlockStoreException("cannot write block " + key + " to " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        BlockKeys.check(key);
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.objectKey(key)))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new BlockStoreException("cannot read block " + key + " from " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        BlockKeys.check(key);
        try {
            s3.headObject(b -> b.bucket(location.bucket()).key(location.objectKey(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // HEAD has no body, so some stores' 404 arrives without the NoSuchKey code.
            if (e.statusCode() == 404) {
                return false;
            }
            throw new BlockStoreException("cannot look up block " + key + " in " + location + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new BlockStoreException("cannot look up block " + key + " in " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        BlockKeys.check(key);
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(location.objectKey(key)));
        } catch (SdkException e) {
            throw new BlockStoreException("cannot delete block " + key + " from " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void list(Consumer<StoredObject> each) {
        String prefix = location.listPrefix();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix)).contents()) {
                String key = object.key().substring(prefix.length());
                if (BlockKeys.isValid(key)) {
                    each.accept(new StoredObject(key, object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw new BlockStoreException("cannot list blocks in " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
