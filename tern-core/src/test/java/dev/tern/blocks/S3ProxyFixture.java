package dev.tern.blocks;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server in this JVM: s3proxy over jclouds' in-memory blob store, on 127.0.0.1 at a free
 * port, checking SigV4 signatures. One is started for the whole test JVM; each test takes a fresh bucket.
 */
public final class S3ProxyFixture {
    public static final String ACCESS_KEY = "tern-test";
    public static final String SECRET_KEY = "tern-test-secret";

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyFixture shared;

    private final BlobStore blobs;
    private final URI endpoint;

    private S3ProxyFixture(BlobStore blobs, URI endpoint) {
        this.blobs = blobs;
        this.endpoint = endpoint;
    }

    public static synchronized S3ProxyFixture shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static S3ProxyFixture start() {
        BlobStore blobs = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class)
                .getBlobStore();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        S3ProxyFixture fixture = new S3ProxyFixture(blobs, URI.create("http://127.0.0.1:" + proxy.getPort()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                // The JVM is exiting anyway.
            }
        }));
        return fixture;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A new, empty bucket, as {@code s3://BUCKET/PREFIX}. */
    public String newBucket(String prefix) {
        String bucket = "tern-blocks-" + BUCKETS.incrementAndGet();
        blobs.createContainerInLocation(null, bucket);
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** The configuration that reaches {@code uri} on this server. */
    public BlockStoreConfig config(String uri) {
        return BlockStoreConfig.s3(uri, endpoint.toString(), ACCESS_KEY, SECRET_KEY);
    }

    /** A block store in a fresh bucket of this server, under a prefix, as Tern's configuration would open it. */
    public S3BlockStore newStore() {
        return (S3BlockStore) BlockStores.open(config(newBucket("tern/blocks")), null);
    }

    /** The raw blob store behind the server, to put objects Tern did not write. */
    public BlobStore blobs() {
        return blobs;
    }
}
