package dev.tern.server.iam;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Accounts stay isolated: nothing crosses between them but what one shares. Each case acts as account BOB (or an
 * IAM user of ALICE) on what another account owns, once unshared and once shared, through the AWS SDK for Java v2:
 * describe, copy, read blocks, use a key, and IAM users.
 */
class CrossAccountIsolationTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private static final Random RANDOM = new Random(14);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Ec2Client alice;
    private static Ec2Client bob;
    private static EbsClient aliceEbs;
    private static EbsClient bobEbs;
    private static KmsClient aliceKms;
    private static KmsClient bobKms;
    private static KmsClient carolKms;
    private static IamClient aliceIam;
    private static IamClient bobIam;

    @BeforeAll
    static void clients() {
        alice = tern.ec2(ALICE);
        bob = tern.ec2(BOB);
        aliceEbs = tern.ebs(ALICE);
        bobEbs = tern.ebs(BOB);
        aliceKms = tern.kms(ALICE);
        bobKms = tern.kms(BOB);
        carolKms = tern.kms(CAROL);
        aliceIam = iam(TernTestServer.credentials(ALICE));
        bobIam = iam(TernTestServer.credentials(BOB));
    }

    @AfterAll
    static void close() {
        for (AutoCloseable c : List.<AutoCloseable>of(alice, bob, aliceEbs, bobEbs, aliceKms, bobKms, carolKms,
                aliceIam, bobIam)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a client only releases its connections
            }
        }
    }

    interface Case {
        void run() throws Exception;
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                named("DescribeImages: another account's unshared image is not seen", () -> {
                    String image = aliceImage(aliceSnapshot(null));
                    refused(() -> bob.describeImages(b -> b.imageIds(image)), "InvalidAMIID.NotFound");
                    assertThat(imageIds(bob.describeImages().images())).doesNotContain(image);
                }),
                named("DescribeImages: an image shared by launch permission is seen, but not as Bob's own", () -> {
                    String image = aliceImage(aliceSnapshot(null));
                    launchPermission(image, OperationType.ADD);
                    assertThat(bob.describeImages(b -> b.imageIds(image)).images()).singleElement()
                            .satisfies(i -> assertThat(i.ownerId()).isEqualTo(ALICE));
                    assertThat(imageIds(bob.describeImages().images())).contains(image);
                    assertThat(imageIds(bob.describeImages(b -> b.owners("self")).images())).doesNotContain(image);
                    launchPermission(image, OperationType.REMOVE);
                    refused(() -> bob.describeImages(b -> b.imageIds(image)), "InvalidAMIID.NotFound");
                }),
                named("DescribeSnapshots: another account's unshared snapshot is not seen", () -> {
                    String snapshot = aliceSnapshot(null);
                    refused(() -> bob.describeSnapshots(b -> b.snapshotIds(snapshot)), "InvalidSnapshot.NotFound");
                    assertThat(bob.describeSnapshots().snapshots()).noneMatch(s -> s.snapshotId().equals(snapshot));
                }),
                named("DescribeSnapshots: a snapshot shared by createVolumePermission is seen", () -> {
                    String snapshot = aliceSnapshot(null);
                    volumePermission(snapshot, OperationType.ADD);
                    assertThat(bob.describeSnapshots(b -> b.snapshotIds(snapshot)).snapshots()).singleElement()
                            .satisfies(s -> assertThat(s.ownerId()).isEqualTo(ALICE));
                    assertThat(bob.describeSnapshots(b -> b.ownerIds("self")).snapshots())
                            .noneMatch(s -> s.snapshotId().equals(snapshot));
                }),
                named("CopyImage: without launch permission the source is InvalidAMIID.NotFound", () -> {
                    String snapshot = aliceSnapshot(null);
                    String image = aliceImage(snapshot);
                    volumePermission(snapshot, OperationType.ADD);
                    refused(() -> copy(image), "InvalidAMIID.NotFound");
                    refused(() -> bob.copyImage(b -> b.name(name("dry")).sourceRegion("us-east-1")
                            .sourceImageId(image).dryRun(true)), "InvalidAMIID.NotFound");
                }),
                named("CopyImage: launch permission without createVolumePermission, the copy fails", () -> {
                    String image = aliceImage(aliceSnapshot(null));
                    launchPermission(image, OperationType.ADD);
                    assertFailed(awaitImage(copy(image)), "Client.InvalidSnapshot.NotFound");
                }),
                named("CopyImage: launch permission and createVolumePermission, the copy is Bob's", () -> {
                    String snapshot = aliceSnapshot(null);
                    String image = aliceImage(snapshot);
                    launchPermission(image, OperationType.ADD);
                    volumePermission(snapshot, OperationType.ADD);
                    Image copied = awaitImage(copy(image));
                    assertThat(copied.state()).isEqualTo(ImageState.AVAILABLE);
                    assertThat(copied.ownerId()).isEqualTo(BOB);
                    String copiedSnapshot = copied.blockDeviceMappings().get(0).ebs().snapshotId();
                    assertThat(bob.describeSnapshots(b -> b.snapshotIds(copiedSnapshot)).snapshots().get(0).ownerId())
                            .isEqualTo(BOB);
                    // The copy is Bob's: Alice does not see it.
                    refused(() -> alice.describeImages(b -> b.imageIds(copied.imageId())), "InvalidAMIID.NotFound");
                }),
                named("CopyImage, encrypted: shared, but the key policy does not let Bob use the key, the copy fails",
                        () -> {
                            String key = aliceKms.createKey(b -> { }).keyMetadata().arn();
                            String snapshot = aliceSnapshot(key);
                            String image = aliceImage(snapshot);
                            launchPermission(image, OperationType.ADD);
                            volumePermission(snapshot, OperationType.ADD);
                            assertFailed(awaitImage(copy(image)), "Client.InvalidKMSKey.NotFound");
                        }),
                named("CopyImage, encrypted: shared and the key policy lets Bob use the key, the copy is available",
                        () -> {
                            String key = aliceKms.createKey(b -> { }).keyMetadata().arn();
                            shareKey(key);
                            String snapshot = aliceSnapshot(key);
                            String image = aliceImage(snapshot);
                            launchPermission(image, OperationType.ADD);
                            volumePermission(snapshot, OperationType.ADD);
                            Image copied = awaitImage(copy(image));
                            assertThat(copied.state()).isEqualTo(ImageState.AVAILABLE);
                            String copiedSnapshot = copied.blockDeviceMappings().get(0).ebs().snapshotId();
                            var s = bob.describeSnapshots(b -> b.snapshotIds(copiedSnapshot)).snapshots().get(0);
                            assertThat(s.encrypted()).isTrue();
                            assertThat(s.kmsKeyId()).doesNotContain(ALICE);
                        }),
                named("EBS direct: another account's unshared snapshot's blocks are refused", () -> {
                    String snapshot = aliceSnapshot(null);
                    refused(() -> bobEbs.listSnapshotBlocks(b -> b.snapshotId(snapshot)), "ResourceNotFoundException");
                    String token = aliceEbs.listSnapshotBlocks(b -> b.snapshotId(snapshot)).blocks().get(0).blockToken();
                    refused(() -> bobEbs.getSnapshotBlock(b -> b.snapshotId(snapshot).blockIndex(0).blockToken(token))
                            .readAllBytes(), "ResourceNotFoundException");
                }),
                named("EBS direct: a snapshot shared by createVolumePermission is read, until unshared", () -> {
                    byte[] data = block();
                    String snapshot = aliceSnapshot(null, data);
                    volumePermission(snapshot, OperationType.ADD);
                    var blocks = bobEbs.listSnapshotBlocks(b -> b.snapshotId(snapshot)).blocks();
                    assertThat(blocks).singleElement().satisfies(b -> assertThat(b.blockIndex()).isZero());
                    String token = blocks.get(0).blockToken();
                    assertThat(bobEbs.getSnapshotBlock(b -> b.snapshotId(snapshot).blockIndex(0).blockToken(token))
                            .readAllBytes()).isEqualTo(data);
                    volumePermission(snapshot, OperationType.REMOVE);
                    refused(() -> bobEbs.listSnapshotBlocks(b -> b.snapshotId(snapshot)), "ResourceNotFoundException");
                }),
                named("KMS: Encrypt under another account's key ARN is refused by its default policy", () -> {
                    String key = aliceKms.createKey(b -> { }).keyMetadata().arn();
                    refused(() -> bobKms.encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("x"))),
                            "AccessDeniedException");
                }),
                named("KMS: Encrypt under another account's key ARN works once its policy allows that account", () -> {
                    String key = aliceKms.createKey(b -> { }).keyMetadata().arn();
                    shareKey(key);
                    SdkBytes data = SdkBytes.fromUtf8String("for bob");
                    var sealed = bobKms.encrypt(b -> b.keyId(key).plaintext(data)).ciphertextBlob();
                    assertThat(bobKms.decrypt(b -> b.ciphertextBlob(sealed)).plaintext()).isEqualTo(data);
                    refused(() -> carolKms.encrypt(b -> b.keyId(key).plaintext(data)), "AccessDeniedException");
                }),
                named("IAM: a user of Alice allowed iam:* lists, reads and changes only Alice's users", () -> {
                    String bobs = name("bob-user");
                    bobIam.createUser(b -> b.userName(bobs));
                    try (IamClient user = aliceUser("{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}")) {
                        assertThat(user.listUsers().users()).extracting(User::userName).doesNotContain(bobs);
                        assertThat(user.listUsers().users()).extracting(User::arn)
                                .allSatisfy(a -> assertThat(a).startsWith("arn:aws:iam::" + ALICE + ":"));
                        cannotTouch(user, bobs, "NoSuchEntity");
                    }
                    assertBobsUserUntouched(bobs);
                }),
                named("IAM: a user of Alice whose policy names Bob's users still cannot reach them", () -> {
                    String bobs = name("bob-user");
                    bobIam.createUser(b -> b.userName(bobs));
                    String policy = bobIam.createPolicy(b -> b.policyName(name("bobs-policy")).policyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\","
                                    + "\"Resource\":\"*\"}]}")).policy().arn();
                    try (IamClient user = aliceUser("{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":"
                            + "[\"arn:aws:iam::" + BOB + ":user/*\",\"arn:aws:iam::" + BOB + ":policy/*\"]}")) {
                        // The names resolve in Alice's account, whose users the policy does not name.
                        cannotTouch(user, bobs, "AccessDenied");
                        refused(() -> user.getPolicy(b -> b.policyArn(policy)), "NoSuchEntity");
                    }
                    refused(() -> aliceIam.attachUserPolicy(b -> b.userName(aliceTargetUser()).policyArn(policy)),
                            "NoSuchEntity");
                    assertBobsUserUntouched(bobs);
                }),
                named("IAM: Bob's root does not see Alice's users", () -> {
                    String alices = name("alice-user");
                    aliceIam.createUser(b -> b.userName(alices));
                    assertThat(bobIam.listUsers().users()).extracting(User::userName).doesNotContain(alices);
                    refused(() -> bobIam.getUser(b -> b.userName(alices)), "NoSuchEntity");
                    refused(() -> bobIam.deleteUser(b -> b.userName(alices)), "NoSuchEntity");
                    assertThat(aliceIam.getUser(b -> b.userName(alices)).user().userName()).isEqualTo(alices);
                }));
    }

    private static Named<Case> named(String name, Case body) {
        return Named.of(name, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isolation(Case c) throws Exception {
        c.run();
    }

    // ---- Fixtures ------------------------------------------------------------------------------------------

    private static String name(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    private static byte[] block() {
        byte[] data = new byte[512 * 1024];
        RANDOM.nextBytes(data);
        return data;
    }

    private static String aliceSnapshot(String keyArn) throws Exception {
        return aliceSnapshot(keyArn, block());
    }

    /** A completed snapshot of Alice's with one written block, encrypted under {@code keyArn} when given. */
    private static String aliceSnapshot(String keyArn, byte[] data) throws Exception {
        String id = aliceEbs.startSnapshot(b -> {
            b.volumeSize(1L);
            if (keyArn != null) {
                b.encrypted(true).kmsKeyArn(keyArn);
            }
        }).snapshotId();
        String checksum = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        aliceEbs.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0).dataLength(data.length).checksum(checksum)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
        aliceEbs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1));
        awaitCompleted(id);
        return id;
    }

    private static void awaitCompleted(String snapshot) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"completed".equals(alice.describeSnapshots(b -> b.snapshotIds(snapshot)).snapshots().get(0).stateAsString())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static String aliceImage(String snapshot) {
        return alice.registerImage(b -> b.name(name("alices-image")).rootDeviceName("/dev/xvda")
                .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))).imageId();
    }

    private static void launchPermission(String image, OperationType op) {
        alice.modifyImageAttribute(b -> b.imageId(image).attribute("launchPermission").operationType(op).userIds(BOB));
    }

    private static void volumePermission(String snapshot, OperationType op) {
        alice.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute("createVolumePermission")
                .operationType(op).userIds(BOB));
    }

    /** Alice's key policy: her account keeps the key, Bob's account may use it. */
    private static void shareKey(String keyArn) {
        aliceKms.putKeyPolicy(b -> b.keyId(keyArn).policyName("default").policy("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"},
                  {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":["kms:Encrypt","kms:Decrypt",
                   "kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey","kms:CreateGrant"],"Resource":"*"}]}
                """.formatted(ALICE, BOB)));
    }

    private static String copy(String image) {
        return bob.copyImage(b -> b.name(name("bobs-copy")).sourceRegion("us-east-1").sourceImageId(image)).imageId();
    }

    /** Bob's copy once it has left pending. */
    private static Image awaitImage(String image) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            Image i = bob.describeImages(b -> b.imageIds(image)).images().get(0);
            if (i.state() != ImageState.PENDING || System.nanoTime() > deadline) {
                return i;
            }
            Thread.sleep(50);
        }
    }

    private static void assertFailed(Image image, String reason) {
        assertThat(image.state()).isEqualTo(ImageState.FAILED);
        assertThat(image.stateReason().code()).isEqualTo(reason);
    }

    private static List<String> imageIds(List<Image> images) {
        return images.stream().map(Image::imageId).toList();
    }

    private static IamClient iam(StaticCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(tern.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build();
    }

    /** A new IAM user of Alice's with one inline policy statement, signing with its own new key. */
    private static IamClient aliceUser(String statement) {
        String user = name("alice-user");
        aliceIam.createUser(b -> b.userName(user));
        aliceIam.putUserPolicy(b -> b.userName(user).policyName("only").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}"));
        AccessKey key = aliceIam.createAccessKey(b -> b.userName(user)).accessKey();
        return iam(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
    }

    /** Some user name of Alice's account, to attach to. */
    private static String aliceTargetUser() {
        String user = name("alice-target");
        aliceIam.createUser(b -> b.userName(user));
        return user;
    }

    /**
     * A user name always means a user of the caller's own account: Bob's user is not found there
     * ({@code NoSuchEntity}), or the caller may not act on that name in its own account ({@code AccessDenied}).
     */
    private static void cannotTouch(IamClient user, String bobs, String code) {
        refused(() -> user.getUser(b -> b.userName(bobs)), code);
        refused(() -> user.createAccessKey(b -> b.userName(bobs)), code);
        refused(() -> user.listAccessKeys(b -> b.userName(bobs)), code);
        refused(() -> user.putUserPolicy(b -> b.userName(bobs).policyName("mine").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}")),
                code);
        refused(() -> user.deleteUser(b -> b.userName(bobs)), code);
    }

    private static void assertBobsUserUntouched(String bobs) {
        assertThat(bobIam.getUser(b -> b.userName(bobs)).user().arn()).isEqualTo("arn:aws:iam::" + BOB + ":user/" + bobs);
        assertThat(bobIam.listAccessKeys(b -> b.userName(bobs)).accessKeyMetadata()).isEmpty();
        assertThat(bobIam.listUserPolicies(b -> b.userName(bobs)).policyNames()).isEmpty();
    }

    private static void refused(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
    }
}
