package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.ConflictException;
import software.amazon.awssdk.services.ebs.model.EbsException;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ebs.model.ValidationException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Each refusal of the EBS direct APIs comes with AWS's exception, HTTP status and Reason, and a refused write
 * stores nothing.
 */
class EbsRefusalTest {
    private static final String UNKNOWN = "snap-0123456789abcdef0";

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final Random random = new Random(42);

    @Test
    void aBlockWhoseChecksumDoesNotMatchIsRefusedAndNotStored() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            byte[] data = Uploads.randomBlock(random);
            String otherChecksum = Uploads.checksum(Uploads.randomBlock(random));
            assertValidation(() -> ebs.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0).dataLength(Uploads.BLOCK)
                    .checksum(otherChecksum).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data)),
                    "INVALID_PARAMETER_VALUE");
            assertNothingStored(id);
            // The snapshot has no written block, so completing it with none succeeds.
            ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0));
            assertThat(ebs.listSnapshotBlocks(b -> b.snapshotId(id)).blocks()).isEmpty();
        }
    }

    @Test
    void aShortBodyOrAnotherDataLengthIsRefused() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            byte[] half = new byte[Uploads.BLOCK / 2];
            random.nextBytes(half);
            assertValidation(() -> ebs.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0).dataLength(half.length)
                    .checksum(Uploads.checksum(half)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(half)),
                    "INVALID_PARAMETER_VALUE");
            assertNothingStored(id);
        }
    }

    @Test
    void noBlockCanBeWrittenToACompletedSnapshot() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            byte[] first = Uploads.randomBlock(random);
            Uploads.put(ebs, id, 0, first);
            Uploads.complete(ebs, id, new TreeMap<>(java.util.Map.of(0, first)));
            assertValidation(() -> Uploads.put(ebs, id, 1, Uploads.randomBlock(random)), "INVALID_PARAMETER_VALUE");
            assertValidation(() -> Uploads.put(ebs, id, 0, Uploads.randomBlock(random)), "INVALID_PARAMETER_VALUE");
            assertThat(ebs.listSnapshotBlocks(b -> b.snapshotId(id)).blocks()).extracting(Block::blockIndex).containsExactly(0);
            assertThat(tern.app().services().snapshotBlocks().count(id)).isEqualTo(1);
            // A retried completion answers as the first did.
            assertThat(ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1)).statusAsString()).isEqualTo("completed");
        }
    }

    @Test
    void aBlockIndexOutsideTheVolumeIsInvalidBlock() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            assertValidation(() -> Uploads.put(ebs, id, -1, Uploads.randomBlock(random)), "INVALID_BLOCK");
            // 1 GiB holds blocks 0 to 2047.
            assertValidation(() -> Uploads.put(ebs, id, 2048, Uploads.randomBlock(random)), "INVALID_BLOCK");
            assertNothingStored(id);
            Uploads.put(ebs, id, 2047, Uploads.randomBlock(random));
            assertThat(tern.app().services().snapshotBlocks().count(id)).isEqualTo(1);
        }
    }

    @Test
    void aForgedTokenOrOneForAnotherBlockIsInvalidBlockToken() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            TreeMap<Integer, byte[]> written = new TreeMap<>();
            written.put(0, Uploads.randomBlock(random));
            written.put(1, Uploads.randomBlock(random));
            Uploads.putAll(ebs, id, written);
            Uploads.complete(ebs, id, written);
            List<Block> blocks = ebs.listSnapshotBlocks(b -> b.snapshotId(id)).blocks();
            String tokenOf0 = blocks.get(0).blockToken();
            String forged = Base64.getEncoder().encodeToString(new byte[41]);
            assertValidation(() -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(1).blockToken(tokenOf0)),
                    "INVALID_BLOCK_TOKEN");
            assertValidation(() -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(0).blockToken(forged)),
                    "INVALID_BLOCK_TOKEN");
            assertValidation(() -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(0).blockToken("not a token")),
                    "INVALID_BLOCK_TOKEN");
            byte[] tampered = Base64.getDecoder().decode(tokenOf0);
            tampered[3] ^= 1;
            assertValidation(() -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(0)
                    .blockToken(Base64.getEncoder().encodeToString(tampered))), "INVALID_BLOCK_TOKEN");

            String other = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(ebs, other, written);
            Uploads.complete(ebs, other, written);
            assertValidation(() -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(other).blockIndex(0).blockToken(tokenOf0)),
                    "INVALID_BLOCK_TOKEN");
            assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(0).blockToken(tokenOf0)).asByteArray())
                    .isEqualTo(written.get(0));
        }
    }

    @Test
    void aPageTokenIsValidOnlyForItsOwnListing() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0));
            assertValidation(() -> ebs.listSnapshotBlocks(b -> b.snapshotId(id).nextToken("AAAA")), "INVALID_PAGE_TOKEN");
        }
    }

    @Test
    void maxResultsMustBeBetween100And10000() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0));
            assertValidation(() -> ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(99)), "INVALID_PARAMETER_VALUE");
            assertValidation(() -> ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(10001)), "INVALID_PARAMETER_VALUE");
            assertValidation(() -> ebs.listChangedBlocks(b -> b.secondSnapshotId(id).maxResults(99)), "INVALID_PARAMETER_VALUE");
            assertThat(ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(100)).blocks()).isEmpty();
            assertThat(ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(10000)).blocks()).isEmpty();
        }
    }

    @Test
    void anUnknownSnapshotIsResourceNotFound() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            assertNotFound(() -> Uploads.put(ebs, UNKNOWN, 0, Uploads.randomBlock(random)));
            assertNotFound(() -> ebs.completeSnapshot(b -> b.snapshotId(UNKNOWN).changedBlocksCount(0)));
            assertNotFound(() -> ebs.listSnapshotBlocks(b -> b.snapshotId(UNKNOWN)));
            assertNotFound(() -> ebs.listChangedBlocks(b -> b.secondSnapshotId(UNKNOWN)));
            assertNotFound(() -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(UNKNOWN).blockIndex(0).blockToken("AAAA")));
            assertNotFound(() -> ebs.startSnapshot(b -> b.volumeSize(8L).parentSnapshotId(UNKNOWN)));
            assertValidation(() -> ebs.listSnapshotBlocks(b -> b.snapshotId("snap-XYZ")), "INVALID_SNAPSHOT_ID");
        }
    }

    @Test
    void anotherAccountsSnapshotCannotBeWrittenOrSeenUnshared() {
        try (EbsClient alice = tern.ebs(ALICE); EbsClient bob = tern.ebs(BOB)) {
            String id = alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            assertNotFound(() -> Uploads.put(bob, id, 0, Uploads.randomBlock(random)));
            assertNotFound(() -> bob.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0)));
            alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0));
            assertNotFound(() -> bob.listSnapshotBlocks(b -> b.snapshotId(id)));
            assertNothingStored(id);
        }
    }

    @Test
    void aPendingSnapshotCannotBeRead() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            assertValidation(() -> ebs.listSnapshotBlocks(b -> b.snapshotId(id)), "INVALID_SNAPSHOT_ID");
        }
    }

    @Test
    void theSameClientTokenWithOtherParametersIsAConflict() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String first = ebs.startSnapshot(b -> b.volumeSize(8L).clientToken("token-1").description("a")).snapshotId();
            assertThat(ebs.startSnapshot(b -> b.volumeSize(8L).clientToken("token-1").description("a")).snapshotId())
                    .isEqualTo(first);
            assertThatThrownBy(() -> ebs.startSnapshot(b -> b.volumeSize(16L).clientToken("token-1").description("a")))
                    .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
            // Tokens belong to an account: BOB's same token starts BOB's own snapshot.
            try (EbsClient bob = tern.ebs(BOB)) {
                assertThat(bob.startSnapshot(b -> b.volumeSize(16L).clientToken("token-1")).snapshotId()).isNotEqualTo(first);
            }
        }
    }

    @Test
    void completionIsCheckedAgainstWhatWasWritten() {
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client ec2 = tern.ec2(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            TreeMap<Integer, byte[]> written = new TreeMap<>();
            written.put(5, Uploads.randomBlock(random));
            written.put(2, Uploads.randomBlock(random));
            Uploads.putAll(ebs, id, written);
            assertValidation(() -> ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(3)), "INVALID_PARAMETER_VALUE");
            TreeMap<Integer, byte[]> wrong = new TreeMap<>(written);
            wrong.put(5, Uploads.randomBlock(random));
            assertValidation(() -> ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(2)
                    .checksum(Uploads.aggregate(wrong)).checksumAlgorithm("SHA256").checksumAggregationMethod("LINEAR")),
                    "INVALID_PARAMETER_VALUE");
            assertThat(EbsRoundTripTest.describe(ec2, id).stateAsString()).isEqualTo("pending");
            Uploads.complete(ebs, id, written);
            assertThat(EbsRoundTripTest.describe(ec2, id).stateAsString()).isEqualTo("completed");
        }
    }

    @Test
    void startSnapshotParametersAreChecked() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            assertValidation(() -> ebs.startSnapshot(b -> b.volumeSize(0L)), "INVALID_VOLUME_SIZE");
            assertValidation(() -> ebs.startSnapshot(b -> b.volumeSize(65537L)), "INVALID_VOLUME_SIZE");
            assertValidation(() -> ebs.startSnapshot(b -> b.volumeSize(8L).timeout(9)), "INVALID_PARAMETER_VALUE");
            assertValidation(() -> ebs.startSnapshot(b -> b.volumeSize(8L).timeout(4321)), "INVALID_PARAMETER_VALUE");
            assertValidation(() -> ebs.startSnapshot(b -> b.volumeSize(8L).tags(t -> t.key("aws:x").value("y"))), "INVALID_TAG");
            assertValidation(() -> ebs.startSnapshot(b -> b.volumeSize(8L).description("d".repeat(256))),
                    "INVALID_PARAMETER_VALUE");
        }
    }

    @Test
    void aKeyThatDoesNotExistIsRefusedAndUnencryptedIsAccepted() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            assertValidation(() -> ebs.startSnapshot(b -> b.volumeSize(8L)
                    .kmsKeyArn("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                    "INVALID_CUSTOMER_KEY");
            assertThat(ebs.startSnapshot(b -> b.volumeSize(8L).encrypted(false)).snapshotId()).startsWith("snap-");
        }
    }

    private static void assertNothingStored(String snapshotId) {
        assertThat(tern.app().services().snapshotBlocks().count(snapshotId)).isZero();
    }

    static void assertValidation(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.reasonAsString()).isEqualTo(reason);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        });
    }

    static void assertNotFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.reasonAsString()).isEqualTo("SNAPSHOT_NOT_FOUND");
        }).isInstanceOf(EbsException.class);
    }
}
