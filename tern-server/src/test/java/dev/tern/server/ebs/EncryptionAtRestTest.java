package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.blocks.S3ProxyFixture;
import dev.tern.kms.RootKey;
import dev.tern.server.testing.TernTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encryption at rest, checked the way an attacker with the disk would: encrypted snapshots of known data are
 * written to each block store, then every byte under the data directory (catalogue, its journal, block files) and
 * every object in the bucket is scanned. No 64-byte window of the plaintext and no raw key (root key, KMS key
 * material, snapshot data keys) may appear. An unencrypted snapshot written alongside must be found, which shows
 * the scan can see what it looks for.
 */
class EncryptionAtRestTest {
    private static final S3ProxyFixture S3 = S3ProxyFixture.shared();
    private static final String BUCKET_URI = S3.newBucket("tern/at-rest");
    private static final String BUCKET = BUCKET_URI.substring("s3://".length(), BUCKET_URI.indexOf('/', "s3://".length()));
    /** Any 64-byte window of a plaintext holds a whole 32-byte-aligned chunk of it: that is what is searched for. */
    private static final int CHUNK = 32;

    @RegisterExtension
    static TernTestServer files = new TernTestServer();

    @RegisterExtension
    static TernTestServer onS3 = new TernTestServer(config -> config.withBlocks(BUCKET_URI, S3.endpoint().toString(),
            S3ProxyFixture.ACCESS_KEY, S3ProxyFixture.SECRET_KEY));

    @Test
    void nothingSecretIsOnDiskWithFileBlocks() throws IOException {
        Written w = writeSnapshots(files, 1);
        Scan scan = new Scan(w);
        scanTree(files.dataDir(), scan);
        assertClean(scan);
    }

    @Test
    void nothingSecretIsInTheBucketOrOnDiskWithS3Blocks() throws IOException {
        Written w = writeSnapshots(onS3, 2);
        Scan scan = new Scan(w);
        scanTree(onS3.dataDir(), scan);
        for (StorageMetadata m : S3.blobs().list(BUCKET, ListContainerOptions.Builder.recursive())) {
            try (InputStream in = S3.blobs().getBlob(BUCKET, m.getName()).getPayload().openStream()) {
                scan.scan("s3://" + BUCKET + "/" + m.getName(), in.readAllBytes());
            }
        }
        assertThat(scan.scanned).as("objects scanned in the bucket").anyMatch(n -> n.startsWith("s3://"));
        assertClean(scan);
    }

    private static void assertClean(Scan scan) {
        assertThat(scan.foundControl).as("the unencrypted control snapshot is found, so the scan works").isTrue();
        assertThat(scan.leaks).as("secrets found at rest").isEmpty();
    }

    /** What was written: the encrypted plaintexts, the control plaintext, and every raw key involved. */
    private record Written(List<byte[]> secretBlocks, byte[] controlBlock, Map<String, byte[]> rawKeys) {}

    private static Written writeSnapshots(TernTestServer tern, long seed) throws IOException {
        Random random = new Random(seed);
        List<byte[]> secret = new ArrayList<>();
        byte[] control = Uploads.randomBlock(random);
        try (EbsClient ebs = tern.ebs(ALICE); KmsClient kms = tern.kms(ALICE)) {
            String customerKey = kms.createKey(b -> { }).keyMetadata().arn();
            String parent = null;
            for (String key : new String[] {customerKey, null}) {
                SortedMap<Integer, byte[]> blocks = new TreeMap<>();
                for (int i = 0; i < 4; i++) {
                    byte[] b = Uploads.randomBlock(random);
                    blocks.put(i * 3, b);
                    secret.add(b);
                }
                String id = key == null ? ebs.startSnapshot(b -> b.volumeSize(1L).encrypted(true)).snapshotId()
                        : ebs.startSnapshot(b -> b.volumeSize(1L).kmsKeyArn(key)).snapshotId();
                Uploads.putAll(ebs, id, blocks);
                Uploads.complete(ebs, id, blocks);
                parent = parent == null ? id : parent;
            }
            String parentId = parent;
            SortedMap<Integer, byte[]> childWrite = new TreeMap<>(Map.of(1, Uploads.randomBlock(random)));
            secret.add(childWrite.get(1));
            String child = ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parentId)).snapshotId();
            Uploads.putAll(ebs, child, childWrite);
            Uploads.complete(ebs, child, childWrite);

            SortedMap<Integer, byte[]> clear = new TreeMap<>(Map.of(0, control));
            String controlId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(ebs, controlId, clear);
            Uploads.complete(ebs, controlId, clear);
            kms.describeKey(b -> b.keyId("alias/aws/ebs"));
            return new Written(secret, control, rawKeys(tern, kms));
        }
    }

    /** The root key, every KMS key's material (unwrapped with the root key) and every data key (through KMS). */
    private static Map<String, byte[]> rawKeys(TernTestServer tern, KmsClient kms) throws IOException {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        byte[] root = Base64.getDecoder().decode(Files.readString(tern.rootKeyFile()).strip());
        keys.put("root key", root);
        RootKey rootKey = RootKey.of(root, "test");
        var catalog = tern.app().services().catalog();
        for (Map<String, Object> k : catalog.read(h -> h.createQuery(
                "SELECT key_id, account_id, region, wrapped_material FROM kms_keys WHERE wrapped_material IS NOT NULL")
                .mapToMap().list())) {
            String arn = "arn:aws:kms:" + k.get("region") + ":" + k.get("account_id") + ":key/" + k.get("key_id");
            keys.put("material of " + arn, rootKey.unwrap(Base64.getDecoder().decode((String) k.get("wrapped_material")), arn));
        }
        for (Map<String, Object> d : catalog.read(h -> h.createQuery(
                "SELECT data_key_id, ciphertext FROM snapshot_data_keys").mapToMap().list())) {
            String id = (String) d.get("data_key_id");
            var blob = SdkBytes.fromByteArray(Base64.getDecoder().decode((String) d.get("ciphertext")));
            try {
                keys.put("data key " + id, kms.decrypt(b -> b.ciphertextBlob(blob)
                        .encryptionContext(Map.of("tern:ebs:data-key-id", id))).plaintext().asByteArray());
            } catch (software.amazon.awssdk.services.kms.model.KmsException e) {
                // Under the AWS managed key only EBS may decrypt: open it the way EBS does.
                keys.put("data key " + id, tern.app().services().kms().openDataKey(
                        new dev.tern.account.CallContext(new dev.tern.account.Account(ALICE, "alice"),
                                tern.app().services().regions().get("us-east-1"), "at-rest-test"),
                        blob.asByteArray(), Map.of("tern:ebs:data-key-id", id)));
            }
        }
        assertThat(keys).hasSizeGreaterThanOrEqualTo(5);
        return keys;
    }

    private static void scanTree(Path dir, Scan scan) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).forEach(p -> {
                try {
                    scan.scan(p.toString(), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Finds the 32-byte chunks of the secrets (and the control) in any bytes, by their first 8 bytes, then in full. */
    private static final class Scan {
        private final Map<Long, List<Chunk>> chunks = new HashMap<>();
        final List<String> leaks = new ArrayList<>();
        final List<String> scanned = new ArrayList<>();
        boolean foundControl;

        private record Chunk(String what, byte[] bytes, boolean control) {}

        Scan(Written w) {
            for (int i = 0; i < w.secretBlocks().size(); i++) {
                addChunks("plaintext of encrypted block #" + i, w.secretBlocks().get(i), false);
            }
            addChunks("control", w.controlBlock(), true);
            w.rawKeys().forEach((what, key) -> add(new Chunk(what, key, false)));
        }

        private void addChunks(String what, byte[] data, boolean control) {
            for (int off = 0; off + CHUNK <= data.length; off += CHUNK) {
                add(new Chunk(what, Arrays.copyOfRange(data, off, off + CHUNK), control));
            }
        }

        private void add(Chunk c) {
            chunks.computeIfAbsent(ByteBuffer.wrap(c.bytes()).getLong(), k -> new ArrayList<>(1)).add(c);
        }

        void scan(String where, byte[] data) {
            scanned.add(where);
            ByteBuffer b = ByteBuffer.wrap(data);
            for (int i = 0; i + CHUNK <= data.length; i++) {
                List<Chunk> candidates = chunks.get(b.getLong(i));
                if (candidates == null) {
                    continue;
                }
                for (Chunk c : candidates) {
                    if (Arrays.equals(data, i, i + c.bytes().length, c.bytes(), 0, c.bytes().length)) {
                        if (c.control()) {
                            foundControl = true;
                        } else if (leaks.size() < 20) {
                            leaks.add(c.what() + " in " + where + " at " + i);
                        }
                    }
                }
            }
        }
    }
}
