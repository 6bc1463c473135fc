package dev.tern.server.copy;

import static dev.tern.server.copy.CopyImageParametersTest.spec;
import static dev.tern.server.copy.CopyImageParametersTest.tags;
import static dev.tern.server.copy.CopyRulesTest.assertError;
import static dev.tern.server.copy.CopyRulesTest.snapshotIds;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CopySnapshotResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * CopySnapshot's members (docs/copying.md), through the AWS SDK for Java v2, which presigns every call itself and
 * needs destinationRegion on a local endpoint. Snapshots here have one block.
 */
class CopySnapshotParametersTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final Random random = new Random(61);

    private String snapshot(String region, String description, Boolean encrypted, String key) {
        byte[] block = Disks.randomBlock(random);
        try (EbsClient ebs = tern.ebs(ALICE, region)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L).description(description).encrypted(encrypted)
                    .kmsKeyArn(key)).snapshotId();
            ebs.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(3).dataLength(Disks.BLOCK)
                    .checksum(Disks.checksum(block)).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                    RequestBody.fromBytes(block));
            ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1));
            return id;
        }
    }

    @Test
    @DisplayName("CopySnapshot Description: left out, the copy gets [Copied snap-SRC from SRC-REGION] "
            + "SOURCE-DESCRIPTION; given, at most 255 characters")
    void theDescriptionDefaultsToTheCopiedFromLine() throws Exception {
        String source = snapshot("us-west-2", "nightly root volume", null, null);
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String copy = east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                    .destinationRegion("us-east-1")).snapshotId();
            Snapshot shown = CopyCatalog.awaitSnapshot(east, copy, WAIT);
            assertThat(shown.stateAsString()).isEqualTo("completed");
            assertThat(shown.description()).isEqualTo("[Copied " + source + " from us-west-2] nightly root volume");
            String given = east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                    .description("mine").destinationRegion("us-east-1")).snapshotId();
            assertThat(CopyCatalog.awaitSnapshot(east, given, WAIT).description()).isEqualTo("mine");
            int before = snapshotIds(east).size();
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                    .description("d".repeat(256)).destinationRegion("us-east-1")), "InvalidParameterValue", 400);
            assertThat(snapshotIds(east)).hasSize(before);
        }
    }

    @Test
    @DisplayName("CopySnapshot Encrypted and KmsKeyId: never a clear copy of an encrypted snapshot; KmsKeyId without "
            + "Encrypted is InvalidParameterDependency; Encrypted with KmsKeyId encrypts a clear snapshot under that key")
    void encryptionFollowsTheSameRulesAsCopyImage() throws Exception {
        try (KmsClient kms = tern.kms(ALICE, "us-east-1"); Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String key = kms.createKey(r -> r.description("snapshot key")).keyMetadata().arn();
            String sealed = snapshot("us-east-1", "sealed", true, key);
            String clear = snapshot("us-west-2", "clear", null, null);

            String stays = east.copySnapshot(r -> r.sourceRegion("us-east-1").sourceSnapshotId(sealed)
                    .encrypted(false).destinationRegion("us-east-1")).snapshotId();
            Snapshot staysSealed = CopyCatalog.awaitSnapshot(east, stays, WAIT);
            assertThat(staysSealed.encrypted()).isTrue();
            assertThat(staysSealed.kmsKeyId()).isEqualTo(key);

            int before = snapshotIds(east).size();
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(clear)
                    .kmsKeyId(key).destinationRegion("us-east-1")), "InvalidParameterDependency", 400);
            assertThat(snapshotIds(east)).hasSize(before);

            String now = east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(clear).encrypted(true)
                    .kmsKeyId(key).destinationRegion("us-east-1")).snapshotId();
            Snapshot nowSealed = CopyCatalog.awaitSnapshot(east, now, WAIT);
            assertThat(nowSealed.stateAsString()).isEqualTo("completed");
            assertThat(nowSealed.encrypted()).isTrue();
            assertThat(nowSealed.kmsKeyId()).isEqualTo(key);
        }
    }

    @Test
    @DisplayName("CopySnapshot TagSpecifications: snapshot tags the new snapshot and are answered in Tags; any other "
            + "ResourceType is InvalidParameterValue")
    void tagSpecificationsTagTheNewSnapshot() throws Exception {
        String source = snapshot("us-west-2", "tagged", null, null);
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            CopySnapshotResponse answered = east.copySnapshot(r -> r.sourceRegion("us-west-2")
                    .sourceSnapshotId(source).destinationRegion("us-east-1")
                    .tagSpecifications(spec(ResourceType.SNAPSHOT, Map.of("backup", "weekly"))));
            assertThat(tags(answered.tags())).containsExactlyEntriesOf(Map.of("backup", "weekly"));
            assertThat(tags(CopyCatalog.awaitSnapshot(east, answered.snapshotId(), WAIT).tags()))
                    .containsExactlyEntriesOf(Map.of("backup", "weekly"));
            int before = snapshotIds(east).size();
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                    .destinationRegion("us-east-1").tagSpecifications(spec(ResourceType.IMAGE, Map.of("k", "v")))),
                    "InvalidParameterValue", 400);
            assertThat(snapshotIds(east)).hasSize(before);
        }
    }

    @Test
    @DisplayName("CopySnapshot CompletionDurationMinutes: a multiple of 15 from 15 to 2880, else "
            + "InvalidParameterValue; not with DestinationOutpostArn (InvalidParameterCombination); a time-based copy "
            + "shows TransferType time-based and its CompletionDurationMinutes")
    void theCompletionDurationIsAMultipleOf15From15To2880() throws Exception {
        String source = snapshot("us-west-2", "timed", null, null);
        String local = snapshot("us-east-1", "local", null, null);
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            int before = snapshotIds(east).size();
            for (int minutes : new int[] {0, 1, 14, 16, 2895}) {
                assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                        .completionDurationMinutes(minutes).destinationRegion("us-east-1")), "InvalidParameterValue", 400);
            }
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-east-1").sourceSnapshotId(local)
                    .completionDurationMinutes(15).destinationOutpostArn(TernTestServer.OUTPOST_ARN)
                    .destinationRegion("us-east-1")), "InvalidParameterCombination", 400);
            assertThat(snapshotIds(east)).hasSize(before);
            String timed = east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                    .completionDurationMinutes(30).destinationRegion("us-east-1")).snapshotId();
            Snapshot shown = CopyCatalog.awaitSnapshot(east, timed, WAIT);
            assertThat(shown.transferTypeAsString()).isEqualTo("time-based");
            assertThat(shown.completionDurationMinutes()).isEqualTo(30);
            assertThat(shown.completionTime()).isNotNull();
        }
    }

    @Test
    @DisplayName("CopySnapshot DestinationOutpostArn: a snapshot of the Region copied to its Outpost, always encrypted")
    void aSnapshotCopiedToAnOutpostIsEncryptedAndOnTheOutpost() throws Exception {
        String local = snapshot("us-east-1", "to the outpost", null, null);
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String copy = east.copySnapshot(r -> r.sourceRegion("us-east-1").sourceSnapshotId(local)
                    .destinationOutpostArn(TernTestServer.OUTPOST_ARN).destinationRegion("us-east-1")).snapshotId();
            Snapshot shown = CopyCatalog.awaitSnapshot(east, copy, WAIT);
            assertThat(shown.stateAsString()).isEqualTo("completed");
            assertThat(shown.outpostArn()).isEqualTo(TernTestServer.OUTPOST_ARN);
            assertThat(shown.encrypted()).isTrue();
        }
    }

    @Test
    @DisplayName("CopySnapshot SourceRegion and SourceSnapshotId: an unknown Region is InvalidRegion, a malformed or "
            + "unknown snapshot InvalidSnapshot.Malformed / InvalidSnapshot.NotFound; DryRun of a valid copy is "
            + "DryRunOperation and records nothing")
    void theSourceMustBeAKnownRegionAndAVisibleSnapshot() {
        String source = snapshot("us-west-2", "dry", null, null);
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            int before = snapshotIds(east).size();
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-9").sourceSnapshotId(source)
                    .destinationRegion("us-east-1")), "InvalidRegion", 400);
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId("snap-1")
                    .destinationRegion("us-east-1")), "InvalidSnapshot.Malformed", 400);
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2")
                    .sourceSnapshotId("snap-0123456789abcdef0").destinationRegion("us-east-1")),
                    "InvalidSnapshot.NotFound", 400);
            assertError(() -> east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                    .dryRun(true).destinationRegion("us-east-1")), "DryRunOperation", 412);
            assertThat(snapshotIds(east)).hasSize(before);
        }
    }
}
