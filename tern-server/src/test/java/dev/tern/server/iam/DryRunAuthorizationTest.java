package dev.tern.server.iam;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.server.testing.TernTestServer;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.EbsException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * DryRun answered by authorization, both ways: an IAM user allowed the action gets DryRunOperation (412), one not
 * allowed gets UnauthorizedOperation (403), and neither changes anything. KMS and EBS refuse a user without the
 * permission with AccessDeniedException; EC2's refusal carries a message STS DecodeAuthorizationMessage opens.
 */
class DryRunAuthorizationTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"ec2:*\",\"kms:*\",\"ebs:*\",\"sts:DecodeAuthorizationMessage\"],\"Resource\":\"*\"}]}";
    /** Allows reading only: every call below but the Describes is refused. */
    static final String READ_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"ec2:Describe*\"],\"Resource\":\"*\"}]}";

    static IamClient rootIam;
    static Ec2Client root;
    static User allowed;
    static User denied;
    static String img;
    static String snap;

    record User(String arn, Ec2Client ec2, KmsClient kms, EbsClient ebs, StsClient sts) implements AutoCloseable {
        @Override
        public void close() {
            ec2.close();
            kms.close();
            ebs.close();
            sts.close();
        }
    }

    @BeforeAll
    static void setUp() {
        img = tern.extension().image("us-east-1").owner(ALICE).name("dry-run-source").register();
        snap = tern.extension().snapshot("us-east-1").owner(ALICE).withRandomData(512 * 1024).create();
        root = tern.ec2(ALICE);
        root.createTags(r -> r.resources(img).tags(t -> t.key("env").value("prod")));
        rootIam = tern.iam(ALICE);
        allowed = user("dry-allowed", ALLOW_ALL);
        denied = user("dry-denied", READ_ONLY);
    }

    static User user(String name, String policy) {
        String arn = rootIam.createUser(r -> r.userName(name)).user().arn();
        rootIam.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
        AccessKey k = rootIam.createAccessKey(r -> r.userName(name)).accessKey();
        String id = k.accessKeyId();
        String secret = k.secretAccessKey();
        return new User(arn, tern.as(Ec2Client.builder(), id, secret, "us-east-1").build(),
                tern.as(KmsClient.builder(), id, secret, "us-east-1").build(),
                tern.as(EbsClient.builder(), id, secret, "us-east-1").build(),
                tern.as(StsClient.builder(), id, secret, "us-east-1").build());
    }

    @AfterAll
    static void tearDown() {
        allowed.close();
        denied.close();
        root.close();
        rootIam.close();
    }

    // ---- DryRun both ways, nothing changed --------------------------------------------------------------------

    record DryRun(String action, Consumer<Ec2Client> call) {
        @Override
        public String toString() {
            return action;
        }
    }

    static Stream<Arguments> dryRuns() {
        List<DryRun> calls = List.of(
                new DryRun("CopyImage", c -> c.copyImage(r -> r.dryRun(true).name("dry-copy")
                        .sourceRegion("us-east-1").sourceImageId(img))),
                new DryRun("CopySnapshot", c -> c.copySnapshot(r -> r.dryRun(true).sourceRegion("us-east-1")
                        .destinationRegion("us-east-1").sourceSnapshotId(snap))),
                new DryRun("RegisterImage", c -> c.registerImage(r -> r.dryRun(true).name("dry-register")
                        .rootDeviceName("/dev/xvda").architecture("x86_64").virtualizationType("hvm")
                        .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snap))))),
                new DryRun("DeregisterImage", c -> c.deregisterImage(r -> r.dryRun(true).imageId(img))),
                new DryRun("CreateTags", c -> c.createTags(r -> r.dryRun(true).resources(img, snap)
                        .tags(t -> t.key("env").value("changed")))),
                new DryRun("ModifyImageAttribute", c -> c.modifyImageAttribute(r -> r.dryRun(true).imageId(img)
                        .description(d -> d.value("changed")))),
                new DryRun("ModifySnapshotAttribute", c -> c.modifySnapshotAttribute(r -> r.dryRun(true)
                        .snapshotId(snap).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                        .createVolumePermission(p -> p.add(u -> u.userId(TernTestServer.BOB))))));
        return calls.stream().flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)));
    }

    @ParameterizedTest(name = "{0} allowed={1}")
    @MethodSource("dryRuns")
    void dryRunAnswersTheAuthorizationAndChangesNothing(DryRun call, boolean isAllowed) {
        String before = state();
        User user = isAllowed ? allowed : denied;
        assertThatThrownBy(() -> call.call().accept(user.ec2())).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            if (isAllowed) {
                assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo("DryRunOperation");
                assertThat(e.statusCode()).isEqualTo(412);
            } else {
                assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo("UnauthorizedOperation");
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorMessage()).contains("ec2:" + call.action())
                        .contains(user.arn()).contains("Encoded authorization failure message: ");
            }
        });
        assertThat(state()).isEqualTo(before);
    }

    /** Without DryRun the user not allowed is refused the same way, and still nothing changes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedForReal")
    void aRefusedCallChangesNothing(DryRun call) {
        String before = state();
        assertThatThrownBy(() -> call.call().accept(denied.ec2())).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo("UnauthorizedOperation");
            assertThat(e.statusCode()).isEqualTo(403);
        });
        assertThat(state()).isEqualTo(before);
    }

    static Stream<Arguments> refusedForReal() {
        return Stream.of(
                new DryRun("CopyImage", c -> c.copyImage(r -> r.name("real-copy").sourceRegion("us-east-1")
                        .sourceImageId(img))),
                new DryRun("CopySnapshot", c -> c.copySnapshot(r -> r.sourceRegion("us-east-1")
                        .destinationRegion("us-east-1").sourceSnapshotId(snap))),
                new DryRun("RegisterImage", c -> c.registerImage(r -> r.name("real-register")
                        .rootDeviceName("/dev/xvda").architecture("x86_64").virtualizationType("hvm")
                        .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snap))))),
                new DryRun("DeregisterImage", c -> c.deregisterImage(r -> r.imageId(img))),
                new DryRun("CreateTags", c -> c.createTags(r -> r.resources(img, snap)
                        .tags(t -> t.key("env").value("changed")))),
                new DryRun("ModifyImageAttribute", c -> c.modifyImageAttribute(r -> r.imageId(img)
                        .description(d -> d.value("changed")))),
                new DryRun("ModifySnapshotAttribute", c -> c.modifySnapshotAttribute(r -> r.snapshotId(snap)
                        .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                        .createVolumePermission(p -> p.add(u -> u.userId(TernTestServer.BOB))))))
                .map(Arguments::of);
    }

    /** Everything the calls above could change, as the account's root sees it. */
    static String state() {
        StringBuilder s = new StringBuilder();
        s.append(root.describeImages(r -> r.owners("self")).images().stream()
                .map(i -> i.imageId() + i.state() + i.tags() + i.description()).sorted().toList());
        s.append(root.describeSnapshots(r -> r.ownerIds("self")).snapshots().stream()
                .map(x -> x.snapshotId() + x.stateAsString() + x.tags()).sorted().toList());
        s.append(root.describeImageAttribute(r -> r.imageId(img).attribute(ImageAttributeName.DESCRIPTION))
                .description());
        s.append(root.describeSnapshotAttribute(r -> r.snapshotId(snap)
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions());
        return s.toString();
    }

    // ---- KMS and EBS ------------------------------------------------------------------------------------------

    @Test
    void kmsRefusesAUserWithoutThePermission() {
        String keyId;
        try (KmsClient rootKms = tern.kms(ALICE)) {
            keyId = rootKms.createKey(r -> r.description("root's")).keyMetadata().keyId();
        }
        SdkBytes plain = SdkBytes.fromUtf8String("hello");

        assertThatThrownBy(() -> denied.kms().createKey(r -> r.description("no"))).isInstanceOfSatisfying(
                KmsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("kms:CreateKey").contains(denied.arn());
                });
        assertThatThrownBy(() -> denied.kms().encrypt(r -> r.keyId(keyId).plaintext(plain))).isInstanceOfSatisfying(
                KmsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("kms:Encrypt");
                });

        // DryRun is answered only after the key's policy, grants and the identity policies have had their say.
        assertThatThrownBy(() -> denied.kms().encrypt(r -> r.keyId(keyId).plaintext(plain).dryRun(true)))
                .isInstanceOfSatisfying(KmsException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        assertThatThrownBy(() -> allowed.kms().encrypt(r -> r.keyId(keyId).plaintext(plain).dryRun(true)))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperationException");
                    assertThat(e.statusCode()).isEqualTo(412);
                });
        try (KmsClient rootKms = tern.kms(ALICE)) {
            assertThatThrownBy(() -> rootKms.encrypt(r -> r.keyId("alias/no-such-key").plaintext(plain).dryRun(true)))
                    .isInstanceOfSatisfying(KmsException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException"));
        }

        String own = allowed.kms().createKey(r -> r.description("allowed")).keyMetadata().keyId();
        assertThat(own).isNotBlank();
        SdkBytes blob = allowed.kms().encrypt(r -> r.keyId(keyId).plaintext(plain)).ciphertextBlob();
        assertThat(allowed.kms().decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("hello");
    }

    @Test
    void ebsRefusesAUserWithoutThePermission() {
        String before = state();
        assertThatThrownBy(() -> denied.ebs().startSnapshot(r -> r.volumeSize(1L))).isInstanceOfSatisfying(
                EbsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
        assertThatThrownBy(() -> denied.ebs().listSnapshotBlocks(r -> r.snapshotId(snap))).isInstanceOfSatisfying(
                EbsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
        assertThat(state()).isEqualTo(before);

        assertThat(allowed.ebs().listSnapshotBlocks(r -> r.snapshotId(snap)).blocks()).isNotEmpty();
        String started = allowed.ebs().startSnapshot(r -> r.volumeSize(1L)).snapshotId();
        assertThat(started).startsWith("snap-");
    }

    // ---- the encoded authorization failure message ------------------------------------------------------------

    @Test
    void theEncodedMessageDecodesForAUserAllowedToDecode() throws Exception {
        Ec2Exception refusal = (Ec2Exception) catchThrowable(() ->
                denied.ec2().copyImage(r -> r.dryRun(true).name("x").sourceRegion("us-east-1").sourceImageId(img)));
        assertThat(refusal.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
        String text = refusal.awsErrorDetails().errorMessage();
        String marker = "Encoded authorization failure message: ";
        String encoded = text.substring(text.indexOf(marker) + marker.length()).trim();
        assertThat(encoded).isNotBlank().doesNotContain(" ");

        String decoded = allowed.sts().decodeAuthorizationMessage(r -> r.encodedMessage(encoded)).decodedMessage();
        JsonNode json = new ObjectMapper().readTree(decoded);
        assertThat(json.path("allowed").asBoolean(true)).isFalse();
        assertThat(json.path("context").path("action").asText()).isEqualTo("ec2:CopyImage");
        assertThat(json.path("context").path("resource").asText()).startsWith("arn:aws:ec2:us-east-1::image/");
        assertThat(json.path("context").path("principal").path("arn").asText()).isEqualTo(denied.arn());

        // The refused user may not decode it: sts:DecodeAuthorizationMessage is checked like every action.
        assertThatThrownBy(() -> denied.sts().decodeAuthorizationMessage(r -> r.encodedMessage(encoded)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
        // A message altered by one character does not open.
        String altered = (encoded.charAt(10) == 'A' ? "B" : "A");
        String tampered = encoded.substring(0, 10) + altered + encoded.substring(11);
        assertThatThrownBy(() -> allowed.sts().decodeAuthorizationMessage(r -> r.encodedMessage(tampered)))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthorizationMessageException"));
    }
}
