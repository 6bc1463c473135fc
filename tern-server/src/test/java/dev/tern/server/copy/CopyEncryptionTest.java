package dev.tern.server.copy;

import static dev.tern.server.copy.CopyRulesTest.assertError;
import static dev.tern.server.copy.CopyRulesTest.filter;
import static dev.tern.server.copy.CopyRulesTest.imageIds;
import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Encryption of copies (docs/copying.md, "Encryption"), through the AWS SDK for Java v2: the scenarios of the seed's
 * table, encryption by default, the default key, the four ways to name a key, and keys checked only when the copy
 * starts. Each image has one small snapshot.
 */
class CopyEncryptionTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final Random random = new Random(31);

    private String image(String account, String region, String name, Boolean encrypted, String keyArn) {
        try (EbsClient ebs = tern.ebs(account, region); Ec2Client ec2 = tern.ec2(account, region)) {
            return Disks.registerImage(ec2, name, Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, encrypted,
                    keyArn));
        }
    }

    private static Snapshot snapshotOf(Ec2Client ec2, String imageId) throws InterruptedException {
        Image image = Disks.awaitImage(ec2, imageId, WAIT);
        assertThat(image.state()).as("copy %s: %s", imageId, image.stateReason()).isEqualTo(ImageState.AVAILABLE);
        String id = image.blockDeviceMappings().get(0).ebs().snapshotId();
        return ec2.describeSnapshots(r -> r.snapshotIds(id)).snapshots().get(0);
    }

    private static String defaultKeyArn(String region) {
        try (KmsClient kms = tern.kms(ALICE, region)) {
            return kms.describeKey(r -> r.keyId("alias/aws/ebs")).keyMetadata().arn();
        }
    }

    @Test
    @DisplayName("Seed: unencrypted-to-unencrypted, encrypted-to-encrypted and unencrypted-to-encrypted are supported; "
            + "by default the backing snapshot is copied with its original encryption status")
    void byDefaultEachSnapshotKeepsItsEncryptionStatus() throws Exception {
        try (KmsClient kms = tern.kms(ALICE, "us-east-1"); Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String key = kms.createKey(r -> r.description("own key")).keyMetadata().arn();
            String clear = image(ALICE, "us-east-1", "status-clear", null, null);
            String sealed = image(ALICE, "us-east-1", "status-sealed", true, key);

            Snapshot clearCopy = snapshotOf(east, east.copyImage(r -> r.name("status-clear-copy")
                    .sourceRegion("us-east-1").sourceImageId(clear)).imageId());
            assertThat(clearCopy.encrypted()).isFalse();
            // A same-Region copy of your own encrypted snapshot without KmsKeyId keeps its key.
            Snapshot sealedCopy = snapshotOf(east, east.copyImage(r -> r.name("status-sealed-copy")
                    .sourceRegion("us-east-1").sourceImageId(sealed)).imageId());
            assertThat(sealedCopy.encrypted()).isTrue();
            assertThat(sealedCopy.kmsKeyId()).isEqualTo(key);
            // An AMI with several snapshots keeps the status of each.
            String mixed;
            try (EbsClient ebs = tern.ebs(ALICE, "us-east-1")) {
                mixed = Disks.registerImage(east, "status-mixed",
                        Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, null, null),
                        Disks.snapshot(ebs, Disks.randomBlocks(random, 1), null, true, key));
            }
            Image mixedCopy = Disks.awaitImage(east, east.copyImage(r -> r.name("status-mixed-copy")
                    .sourceRegion("us-east-1").sourceImageId(mixed)).imageId(), WAIT);
            assertThat(mixedCopy.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(mixedCopy.blockDeviceMappings()).extracting(m -> m.ebs().encrypted())
                    .containsExactly(false, true);

            // Unencrypted to encrypted, "two encryption parameters, including a CMK".
            Snapshot nowSealed = snapshotOf(east, east.copyImage(r -> r.name("status-now-sealed")
                    .sourceRegion("us-east-1").sourceImageId(clear).encrypted(true).kmsKeyId(key)).imageId());
            assertThat(nowSealed.encrypted()).isTrue();
            assertThat(nowSealed.kmsKeyId()).isEqualTo(key);
        }
    }

    @Test
    @DisplayName("Encrypted=false with an encrypted source snapshot: the copy stays encrypted; you cannot copy an "
            + "encrypted snapshot to yield an unencrypted one (encrypted-to-unencrypted is not supported)")
    void anEncryptedSourceNeverGivesAClearCopy() throws Exception {
        try (KmsClient kms = tern.kms(ALICE, "us-west-2"); Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String key = kms.createKey(r -> r.description("west key")).keyMetadata().arn();
            String sealed = image(ALICE, "us-west-2", "never-clear", true, key);
            Snapshot copy = snapshotOf(east, east.copyImage(r -> r.name("never-clear-copy").sourceRegion("us-west-2")
                    .sourceImageId(sealed).encrypted(false)).imageId());
            assertThat(copy.encrypted()).isTrue();
        }
    }

    @Test
    @DisplayName("Cross-region copy of an encrypted snapshot with no KmsKeyId: re-encrypted with the destination "
            + "Region's default EBS key (KMS keys are regional)")
    void aCrossRegionCopyOfAnEncryptedSnapshotUsesTheDestinationsDefaultKey() throws Exception {
        try (KmsClient kms = tern.kms(ALICE, "us-west-2"); Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String key = kms.createKey(r -> r.description("west only")).keyMetadata().arn();
            String sealed = image(ALICE, "us-west-2", "default-key-source", true, key);
            Snapshot copy = snapshotOf(east, east.copyImage(r -> r.name("default-key-copy").sourceRegion("us-west-2")
                    .sourceImageId(sealed)).imageId());
            assertThat(copy.encrypted()).isTrue();
            assertThat(copy.kmsKeyId()).isEqualTo(defaultKeyArn("us-east-1"));
        }
    }

    @Test
    @DisplayName("Setting Encrypted without KmsKeyId uses the default key; enabling encryption by default has the same "
            + "effect as setting Encrypted to true, and the account's configured default key is used")
    void encryptedOrEncryptionByDefaultUseTheDefaultKey() throws Exception {
        String clear = image(ALICE, "us-west-2", "by-default-source", null, null);
        try (Ec2Client west = tern.ec2(ALICE, "us-west-2"); KmsClient kms = tern.kms(ALICE, "us-west-2")) {
            Snapshot flagged = snapshotOf(west, west.copyImage(r -> r.name("flagged-copy").sourceRegion("us-west-2")
                    .sourceImageId(clear).encrypted(true)).imageId());
            assertThat(flagged.encrypted()).isTrue();
            assertThat(flagged.kmsKeyId()).isEqualTo(defaultKeyArn("us-west-2"));

            String chosen = kms.createKey(r -> r.description("account default")).keyMetadata().arn();
            west.enableEbsEncryptionByDefault(r -> {});
            west.modifyEbsDefaultKmsKeyId(r -> r.kmsKeyId(chosen));
            try {
                Snapshot byDefault = snapshotOf(west, west.copyImage(r -> r.name("by-default-copy")
                        .sourceRegion("us-west-2").sourceImageId(clear)).imageId());
                assertThat(byDefault.encrypted()).isTrue();
                assertThat(byDefault.kmsKeyId()).isEqualTo(chosen);
                // Encrypted=false cannot turn encryption by default off.
                Snapshot stillSealed = snapshotOf(west, west.copyImage(r -> r.name("by-default-false")
                        .sourceRegion("us-west-2").sourceImageId(clear).encrypted(false)).imageId());
                assertThat(stillSealed.encrypted()).isTrue();
            } finally {
                west.disableEbsEncryptionByDefault(r -> {});
                west.resetEbsDefaultKmsKeyId(r -> {});
            }
        }
    }

    @Test
    @DisplayName("KmsKeyId without Encrypted=true: InvalidParameterDependency, 'The parameter KmsKeyId requires the "
            + "parameter Encrypted to be set.'")
    void kmsKeyIdWithoutEncryptedIsInvalidParameterDependency() {
        String clear = image(ALICE, "us-west-2", "dependency-source", null, null);
        try (Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            for (Boolean encrypted : new Boolean[] {null, false}) {
                assertThatThrownBy(() -> east.copyImage(r -> r.name("dependency-copy").sourceRegion("us-west-2")
                        .sourceImageId(clear).encrypted(encrypted).kmsKeyId("alias/aws/ebs")))
                        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterDependency");
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("The parameter KmsKeyId requires the parameter Encrypted to be set.");
                        });
            }
            assertThat(imageIds(east, filter("name", "dependency-copy"))).isEmpty();
        }
    }

    @Test
    @DisplayName("KmsKeyId may be a key ID, a key alias, a key ARN or an alias ARN")
    void theKeyMayBeNamedByKeyIdAliasKeyArnOrAliasArn() throws Exception {
        String clear = image(ALICE, "us-west-2", "key-forms-source", null, null);
        try (KmsClient kms = tern.kms(ALICE, "us-east-1"); Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            KeyMetadata key = kms.createKey(r -> r.description("named four ways")).keyMetadata();
            kms.createAlias(r -> r.aliasName("alias/four-ways").targetKeyId(key.keyId()));
            String aliasArn = key.arn().replace(":key/" + key.keyId(), ":alias/four-ways");
            List<String> forms = List.of(key.keyId(), "alias/four-ways", key.arn(), aliasArn);
            for (int i = 0; i < forms.size(); i++) {
                String form = forms.get(i);
                String name = "key-form-" + i;
                Snapshot copy = snapshotOf(east, east.copyImage(r -> r.name(name).sourceRegion("us-west-2")
                        .sourceImageId(clear).encrypted(true).kmsKeyId(form)).imageId());
                assertThat(copy.kmsKeyId()).as(form).isEqualTo(key.arn());
            }
        }
    }

    @Test
    @DisplayName("A disabled, pending-deletion, asymmetric, not-shared or other-Region KMS key: the call still returns "
            + "the new ID; "
            + "the image goes to failed (Client.InvalidKMSKey.InvalidState or .NotFound) and its snapshots to error "
            + "with 'Given key ID is not accessible'")
    void aKeyThatCannotBeUsedIsFoundOutWhenTheCopyStarts() throws Exception {
        String clear = image(ALICE, "us-west-2", "bad-keys-source", null, null);
        try (KmsClient kms = tern.kms(ALICE, "us-east-1"); KmsClient bobKms = tern.kms(BOB, "us-east-1");
             Ec2Client east = tern.ec2(ALICE, "us-east-1")) {
            String disabled = kms.createKey(r -> r.description("disabled")).keyMetadata().arn();
            kms.disableKey(r -> r.keyId(disabled));
            String deleting = kms.createKey(r -> r.description("pending deletion")).keyMetadata().arn();
            kms.scheduleKeyDeletion(r -> r.keyId(deleting).pendingWindowInDays(7));
            String asymmetric = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().arn();
            String bobs = bobKms.createKey(r -> r.description("not shared with Alice")).keyMetadata().arn();
            String elsewhere;
            try (KmsClient westKms = tern.kms(ALICE, "us-west-2")) {
                elsewhere = westKms.createKey(r -> r.description("in the source Region")).keyMetadata().arn();
            }

            assertFails(east, clear, "bad-key-disabled", disabled, "Client.InvalidKMSKey.InvalidState");
            assertFails(east, clear, "bad-key-deleting", deleting, "Client.InvalidKMSKey.InvalidState");
            assertFails(east, clear, "bad-key-asymmetric", asymmetric, "Client.InvalidKMSKey.");
            assertFails(east, clear, "bad-key-not-shared", bobs, "Client.InvalidKMSKey.NotFound");
            // The key must exist in the destination Region.
            assertFails(east, clear, "bad-key-other-region", elsewhere, "Client.InvalidKMSKey.NotFound");
        }
    }

    private static void assertFails(Ec2Client ec2, String source, String name, String key, String code)
            throws InterruptedException {
        String id = ec2.copyImage(r -> r.name(name).sourceRegion("us-west-2").sourceImageId(source).encrypted(true)
                .kmsKeyId(key)).imageId();
        assertThat(id).matches("ami-[0-9a-f]{17}");
        Image image = Disks.awaitImage(ec2, id, WAIT);
        assertThat(image.state()).as(name).isEqualTo(ImageState.FAILED);
        assertThat(image.stateReason().code()).as(name).startsWith(code);
        assertThat(image.stateReason().message()).as(name).isNotBlank();
        String snapshot = image.blockDeviceMappings().get(0).ebs().snapshotId();
        Snapshot s = ec2.describeSnapshots(r -> r.snapshotIds(snapshot)).snapshots().get(0);
        assertThat(s.stateAsString()).as(name).isEqualTo("error");
        assertThat(s.stateMessage()).as(name).isEqualTo("Given key ID is not accessible");
    }

    @Test
    @DisplayName("Cross-account copy: the owner must share the snapshot (createVolumePermission) and, for encrypted "
            + "snapshots, the key; without them the image goes to failed; launch permission alone lets the copier see "
            + "the AMI, and without it the AMI is InvalidAMIID.NotFound")
    void aCrossAccountCopyNeedsTheImageTheSnapshotsAndTheKeyShared() throws Exception {
        try (KmsClient kms = tern.kms(ALICE, "us-west-2"); Ec2Client west = tern.ec2(ALICE, "us-west-2");
             Ec2Client bobEast = tern.ec2(BOB, "us-east-1")) {
            String clear = image(ALICE, "us-west-2", "cross-clear", null, null);
            assertError(() -> bobEast.copyImage(r -> r.name("cross-unseen").sourceRegion("us-west-2")
                    .sourceImageId(clear)), "InvalidAMIID.NotFound", 400);
            assertThat(imageIds(bobEast, filter("name", "cross-unseen"))).isEmpty();

            // Launch permission only: the call answers, the copy cannot read the snapshot.
            west.modifyImageAttribute(r -> r.imageId(clear).launchPermission(p -> p.add(a -> a.userId(BOB))));
            Image unshared = Disks.awaitImage(bobEast, bobEast.copyImage(r -> r.name("cross-no-snapshot")
                    .sourceRegion("us-west-2").sourceImageId(clear)).imageId(), WAIT);
            assertThat(unshared.state()).isEqualTo(ImageState.FAILED);
            assertThat(unshared.stateReason().code()).isEqualTo("Client.InvalidSnapshot.NotFound");

            // Snapshot shared too: the copy is Bob's.
            String snapshot = west.describeImages(r -> r.imageIds(clear)).images().get(0).blockDeviceMappings().get(0)
                    .ebs().snapshotId();
            west.modifySnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission")
                    .createVolumePermission(p -> p.add(a -> a.userId(BOB))));
            Image mine = Disks.awaitImage(bobEast, bobEast.copyImage(r -> r.name("cross-copied")
                    .sourceRegion("us-west-2").sourceImageId(clear)).imageId(), WAIT);
            assertThat(mine.state()).isEqualTo(ImageState.AVAILABLE);
            assertThat(mine.ownerId()).isEqualTo(BOB);
            // Sharing an AMI does not affect the ownership of the AMI.
            assertThat(west.describeImages(r -> r.imageIds(clear)).images().get(0).ownerId()).isEqualTo(ALICE);

            // Encrypted under a key not shared with Bob: failed, though image and snapshot are shared.
            String key = kms.createKey(r -> r.description("Alice's alone")).keyMetadata().arn();
            String sealed = image(ALICE, "us-west-2", "cross-sealed", true, key);
            String sealedSnapshot = west.describeImages(r -> r.imageIds(sealed)).images().get(0).blockDeviceMappings()
                    .get(0).ebs().snapshotId();
            west.modifyImageAttribute(r -> r.imageId(sealed).launchPermission(p -> p.add(a -> a.userId(BOB))));
            west.modifySnapshotAttribute(r -> r.snapshotId(sealedSnapshot).attribute("createVolumePermission")
                    .createVolumePermission(p -> p.add(a -> a.userId(BOB))));
            Image keyless = Disks.awaitImage(bobEast, bobEast.copyImage(r -> r.name("cross-no-key")
                    .sourceRegion("us-west-2").sourceImageId(sealed)).imageId(), WAIT);
            assertThat(keyless.state()).isEqualTo(ImageState.FAILED);
            assertThat(keyless.stateReason().code()).startsWith("Client.InvalidKMSKey.");
        }
    }
}
