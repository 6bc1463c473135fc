package dev.tern.server.auth;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * What a signature must cover: the body, except on the one operation AWS lets go unsigned (EBS direct
 * PutSnapshotBlock), and every x-amz-* header, so that neither the operation nor its input can be swapped under a
 * captured signature.
 */
class SigningRulesTest {
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String JSON11 = "application/x-amz-json-1.1";

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void anUnsignedPayloadIsRefusedByEc2AndItsBodyCannotBeSwapped() throws Exception {
        try (Ec2Client ec2 = tern.ec2(ALICE)) {
            RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
            SdkHttpRequest signed = raw.sign("POST", "/", null, Map.of("Content-Type", FORM),
                    "Action=DescribeRegions&Version=2016-11-15", null, true);
            assertThat(signed.firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
            RawClient.sendSigned(signed, "Action=DescribeRegions&Version=2016-11-15")
                    .expectError(403, "SignatureDoesNotMatch");
            RawClient.sendSigned(signed, "Action=DescribeKeyPairs&Version=2016-11-15")
                    .expectError(403, "SignatureDoesNotMatch");
            // Signed as it should be, the same request is answered.
            raw.post("Action=DescribeRegions&Version=2016-11-15").expectStatus(200);
        }
    }

    @Test
    void anUnsignedPayloadIsRefusedByKmsAndByEbsOtherThanPutSnapshotBlock() throws Exception {
        RawClient kms = new RawClient(tern.endpoint(), ALICE, "us-east-1", "kms");
        var listed = RawClient.sendSigned(kms.sign("POST", "/", null,
                Map.of("Content-Type", JSON11, "X-Amz-Target", "TrentService.ListKeys"), "{}", null, true), "{}");
        assertThat(listed.status()).isEqualTo(403);
        assertThat(listed.body()).contains("\"__type\":\"InvalidSignatureException\"");

        RawClient ebs = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ebs");
        String start = "{\"VolumeSize\":1}";
        var started = RawClient.sendSigned(ebs.sign("POST", "/snapshots", null,
                Map.of("Content-Type", "application/json"), start, null, true), start);
        assertThat(started.status()).as(started.body()).isEqualTo(403);
        assertThat(started.headers().get("x-amzn-errortype")).singleElement().asString().startsWith("InvalidSignatureException");
    }

    @Test
    void putSnapshotBlockAcceptsAnUnsignedPayload() throws Exception {
        String snapshotId;
        try (EbsClient client = tern.ebs(ALICE)) {
            snapshotId = client.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
        }
        char[] block = new char[524288];
        java.util.Arrays.fill(block, 'x');
        String data = new String(block);
        String checksum = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(data.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        RawClient ebs = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ebs");
        var put = RawClient.sendSigned(ebs.sign("PUT", "/snapshots/" + snapshotId + "/blocks/0", null,
                Map.of("x-amz-Data-Length", "524288", "x-amz-Checksum", checksum, "x-amz-Checksum-Algorithm", "SHA256",
                        "Content-Type", "application/octet-stream"), data, null, true), data);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
    }

    @Test
    void anUnsignedXAmzTargetCannotChooseTheKmsOperation() throws Exception {
        try (KmsClient kms = tern.kms(ALICE)) {
            String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
            RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "kms");
            String body = "{\"KeyId\":\"" + keyId + "\",\"PendingWindowInDays\":7}";
            SdkHttpRequest signedWithoutTarget = raw.sign("POST", "/", null, Map.of("Content-Type", JSON11), body, null, false);
            var answer = RawClient.sendSigned(signedWithoutTarget.toBuilder()
                    .putHeader("X-Amz-Target", "TrentService.ScheduleKeyDeletion").build(), body);
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.body()).contains("\"__type\":\"InvalidSignatureException\"").contains("x-amz-target");
            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        }
    }

    @Test
    void everyXAmzHeaderMustBeSigned() throws Exception {
        RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "ec2");
        String form = "Action=DescribeRegions&Version=2016-11-15";
        SdkHttpRequest signed = raw.sign("POST", "/", null, Map.of("Content-Type", FORM), form, null, false);
        RawClient.sendSigned(signed.toBuilder().putHeader("X-Amz-Security-Token", "swapped").build(), form)
                .expectError(400, "IncompleteSignature").messageContains("x-amz-security-token");
        // A presigned URL too: headers it carries beside it are covered by the same rule.
        SdkHttpRequest presigned = raw.sign("GET", "/", form, Map.of(), "", java.time.Duration.ofMinutes(5), false);
        RawClient.sendSigned(presigned, "").expectStatus(200);
        RawClient.sendSigned(presigned.toBuilder().putHeader("X-Amz-Meta", "1").build(), "")
                .expectError(400, "IncompleteSignature");
    }
}
