package dev.tern.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a block store from the configuration, and the names the stores use. */
class BlockStoresTest {
    @TempDir
    Path dir;

    @Test
    void noUriMeansFilesUnderTheDataDirectory() {
        try (BlockStore store = BlockStores.open(BlockStoreConfig.files(), dir)) {
            assertThat(store).isInstanceOfSatisfying(FileBlockStore.class,
                    files -> assertThat(files.root()).isEqualTo(dir.resolve("blocks").toAbsolutePath()));
        }
        try (BlockStore store = BlockStores.open(new BlockStoreConfig(" ", null, null, null), dir)) {
            assertThat(store).isInstanceOf(FileBlockStore.class);
        }
    }

    @Test
    void anS3UriOpensTheBucketUnderItsPrefix() {
        S3ProxyFixture s3 = S3ProxyFixture.shared();
        String uri = s3.newBucket("a/b/");
        try (BlockStore store = BlockStores.open(s3.config(uri), dir)) {
            assertThat(store).isInstanceOfSatisfying(S3BlockStore.class,
                    s -> assertThat(s.location().prefix()).isEqualTo("a/b"));
        }
    }

    @Test
    void badSettingsNameTheKeyAtFault() {
        assertThatThrownBy(() -> BlockStores.open(new BlockStoreConfig("/var/blocks", null, null, null), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("blocks:");
        assertThatThrownBy(() -> BlockStores.open(new BlockStoreConfig("s3://", null, null, null), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("blocks:");
        assertThatThrownBy(() -> BlockStores.open(new BlockStoreConfig("s3://Bad_Bucket/x", null, null, null), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("blocks:");
        assertThatThrownBy(() -> BlockStores.open(BlockStoreConfig.s3("s3://bucket/x", "ftp://host", "k", "s"), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("blocksEndpoint:");
        assertThatThrownBy(() -> BlockStores.open(BlockStoreConfig.s3("s3://bucket/x", "http://h:9000", "k", null), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocksSecretKey");
    }

    @Test
    void theSecretKeyIsNeverPrinted() {
        assertThat(BlockStoreConfig.s3("s3://bucket", "http://h", "key", "very-secret").toString())
                .contains("key").doesNotContain("very-secret");
    }

    @Test
    void s3UrisParseIntoBucketAndPrefix() {
        assertThat(S3Location.parse("s3://tern-blocks")).isEqualTo(new S3Location("tern-blocks", ""));
        assertThat(S3Location.parse("s3://tern-blocks/")).isEqualTo(new S3Location("tern-blocks", ""));
        assertThat(S3Location.parse("s3://tern-blocks/prod/eu/")).isEqualTo(new S3Location("tern-blocks", "prod/eu"));
        assertThat(S3Location.parse("s3://tern-blocks/prod").objectKey("us-east-1/abcd")).isEqualTo("prod/us-east-1/abcd");
        assertThat(S3Location.parse("s3://tern-blocks").objectKey("us-east-1/abcd")).isEqualTo("us-east-1/abcd");
        assertThat(S3Location.parse("s3://tern-blocks/prod")).hasToString("s3://tern-blocks/prod");
        assertThatThrownBy(() -> S3Location.parse("s3://b/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Location.parse("s3://bucket/a//b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Location.parse("https://bucket/a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentKeysAreNewEachTimeAndNamedByRegionAndContent() {
        String sha = Sha256.hex(new byte[] {1, 2, 3});
        String first = BlockKeys.newContentKey("us-east-1", sha);
        String second = BlockKeys.newContentKey("us-east-1", sha);
        assertThat(first).isNotEqualTo(second).startsWith("us-east-1/" + sha + ".");
        assertThat(BlockKeys.region(first)).isEqualTo("us-east-1");
        assertThat(BlockKeys.name(first)).startsWith(sha);
        assertThat(BlockKeys.isValid(first)).isTrue();
        assertThatThrownBy(() -> BlockKeys.newContentKey("Not A Region", sha)).isInstanceOf(IllegalArgumentException.class);
    }
}
