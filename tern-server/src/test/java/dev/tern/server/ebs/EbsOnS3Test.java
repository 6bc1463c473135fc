package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.blocks.S3ProxyFixture;
import dev.tern.server.testing.TernTestServer;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChangedBlock;

/** The EBS direct APIs with the blocks in an S3-compatible store (s3proxy in this JVM) instead of files. */
class EbsOnS3Test {
    private static final S3ProxyFixture S3 = S3ProxyFixture.shared();
    private static final String BUCKET_URI = S3.newBucket("tern/blocks");
    private static final String BUCKET = BUCKET_URI.substring("s3://".length(), BUCKET_URI.indexOf('/', "s3://".length()));

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(config -> config.withBlocks(BUCKET_URI, S3.endpoint().toString(),
            S3ProxyFixture.ACCESS_KEY, S3ProxyFixture.SECRET_KEY));

    @Test
    void blocksRoundTripThroughTheS3StoreAndAChildStoresOnlyItsChanges() {
        Random random = new Random(3);
        SortedMap<Integer, byte[]> parentBlocks = new TreeMap<>();
        for (int i = 0; i < 12; i++) {
            parentBlocks.put(random.nextInt(2048), Uploads.randomBlock(random));
        }
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String parent = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(ebs, parent, parentBlocks);
            Uploads.complete(ebs, parent, parentBlocks);
            assertThat(objectsInBucket()).isEqualTo(parentBlocks.size());

            for (Block block : Uploads.listAll(ebs, parent, 100)) {
                assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(parent).blockIndex(block.blockIndex())
                        .blockToken(block.blockToken())).asByteArray()).isEqualTo(parentBlocks.get(block.blockIndex()));
            }

            String child = ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent)).snapshotId();
            int changed = parentBlocks.firstKey();
            SortedMap<Integer, byte[]> childWrites = new TreeMap<>();
            childWrites.put(changed, Uploads.randomBlock(random));
            Uploads.putAll(ebs, child, childWrites);
            Uploads.complete(ebs, child, childWrites);
            assertThat(objectsInBucket()).isEqualTo(parentBlocks.size() + 1);

            List<ChangedBlock> diff = ebs.listChangedBlocks(b -> b.firstSnapshotId(parent).secondSnapshotId(child))
                    .changedBlocks();
            assertThat(diff).extracting(ChangedBlock::blockIndex).containsExactly(changed);
            assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(child).blockIndex(changed)
                    .blockToken(diff.get(0).secondBlockToken())).asByteArray()).isEqualTo(childWrites.get(changed));
        }
    }

    private static long objectsInBucket() {
        return S3.blobs().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive()).size();
    }
}
