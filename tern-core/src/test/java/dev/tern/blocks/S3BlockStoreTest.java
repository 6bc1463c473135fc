package dev.tern.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class S3BlockStoreTest extends BlockStoreContract {
    static final S3ProxyFixture S3 = S3ProxyFixture.shared();

    @Override
    BlockStore open(Path dir) {
        return S3.newStore();
    }

    @Test
    void objectsLieUnderThePrefixAndTheirRegion() {
        S3Location location = ((S3BlockStore) store).location();
        byte[] data = randomBytes(10);
        String key = BlockKeys.newContentKey("eu-central-1", Sha256.hex(data));
        store.put(key, data);
        assertThat(S3.blobs().blobExists(location.bucket(), "tern/blocks/" + key)).isTrue();
    }

    @Test
    void objectsOutsideThePrefixOrTheBlockFormatAreNeverListed() {
        S3Location location = ((S3BlockStore) store).location();
        for (String name : new String[] {"us-east-1/abcdef", "tern/blocks/README", "tern/blocks/us-east-1/ab",
                "tern/blocksus-east-1/abcdef", "tern/blocks/x/y/abcdef"}) {
            S3.blobs().putBlob(location.bucket(), S3.blobs().blobBuilder(name).payload(new byte[1]).build());
        }
        S3.blobs().putBlob(location.bucket(),
                S3.blobs().blobBuilder("tern/blocks/us-east-1/abcdef").payload(new byte[1]).build());

        assertThat(listing(store)).containsOnlyKeys("us-east-1/abcdef");
    }

    @Test
    void aMissingBucketFailsAtOpen() {
        assertThatThrownBy(() -> BlockStores.open(S3.config("s3://tern-no-such-bucket/x"), null))
                .isInstanceOf(BlockStoreException.class)
                .hasMessageContaining("s3://tern-no-such-bucket/x");
    }

    @Test
    void wrongCredentialsFailAtOpen() {
        String uri = S3.newBucket("");
        assertThatThrownBy(() -> BlockStores.open(
                BlockStoreConfig.s3(uri, S3.endpoint().toString(), S3ProxyFixture.ACCESS_KEY, "wrong"), null))
                .isInstanceOf(BlockStoreException.class);
    }
}
