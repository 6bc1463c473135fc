package dev.tern.server.kms;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;

/** The KMS API through the AWS SDK for Java v2: key life, aliases, cryptography, grants, policies, tags. */
class KmsApiTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void theAcceptanceCycleCreateAliasDescribeGenerateDecryptDisableDelete() {
        try (KmsClient kms = tern.kms(ALICE)) {
            KeyMetadata created = kms.createKey(b -> b.description("cycle")).keyMetadata();
            assertThat(created.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(created.arn()).isEqualTo("arn:aws:kms:us-east-1:" + ALICE + ":key/" + created.keyId());
            assertThat(created.keyStateAsString()).isEqualTo("Enabled");
            assertThat(created.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
            assertThat(created.keyManagerAsString()).isEqualTo("CUSTOMER");
            assertThat(created.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");

            kms.createAlias(b -> b.aliasName("alias/cycle").targetKeyId(created.keyId()));
            String aliasArn = "arn:aws:kms:us-east-1:" + ALICE + ":alias/cycle";
            for (String form : List.of(created.keyId(), created.arn(), "alias/cycle", aliasArn)) {
                assertThat(kms.describeKey(b -> b.keyId(form)).keyMetadata().arn()).as(form).isEqualTo(created.arn());
            }

            var dataKey = kms.generateDataKey(b -> b.keyId("alias/cycle").keySpec(DataKeySpec.AES_256)
                    .encryptionContext(Map.of("purpose", "test")));
            assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
            assertThat(dataKey.keyId()).isEqualTo(created.arn());
            var decrypted = kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(Map.of("purpose", "test")));
            assertThat(decrypted.plaintext()).isEqualTo(dataKey.plaintext());
            assertThat(decrypted.keyId()).isEqualTo(created.arn());
            expect("InvalidCiphertextException", 400, () -> kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())
                    .encryptionContext(Map.of("purpose", "other"))));

            kms.disableKey(b -> b.keyId(created.keyId()));
            assertThat(kms.describeKey(b -> b.keyId("alias/cycle")).keyMetadata().enabled()).isFalse();
            expect("DisabledException", 400, () -> kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())
                    .encryptionContext(Map.of("purpose", "test"))));

            expect("ValidationException", 400, () -> kms.scheduleKeyDeletion(b -> b.keyId(created.keyId()).pendingWindowInDays(6)));
            var scheduled = kms.scheduleKeyDeletion(b -> b.keyId(created.keyId()).pendingWindowInDays(7));
            assertThat(scheduled.keyStateAsString()).isEqualTo("PendingDeletion");
            assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
            assertThat(kms.describeKey(b -> b.keyId(created.arn())).keyMetadata().deletionDate()).isEqualTo(scheduled.deletionDate());
            expect("KMSInvalidStateException", 400, () -> kms.enableKey(b -> b.keyId(created.keyId())));
            expect("KMSInvalidStateException", 400, () -> kms.generateDataKey(b -> b.keyId(created.keyId()).numberOfBytes(16)));

            kms.cancelKeyDeletion(b -> b.keyId(created.keyId()));
            assertThat(kms.describeKey(b -> b.keyId(created.keyId())).keyMetadata().keyStateAsString()).isEqualTo("Disabled");
            kms.enableKey(b -> b.keyId(created.keyId()));
            assertThat(kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(Map.of("purpose", "test")))
                    .plaintext()).isEqualTo(dataKey.plaintext());
        }
    }

    @Test
    void encryptDecryptAndReEncryptAreBoundToTheirKeyAndContext() {
        try (KmsClient kms = tern.kms(ALICE)) {
            String a = kms.createKey(b -> { }).keyMetadata().keyId();
            String other = kms.createKey(b -> { }).keyMetadata().keyId();
            SdkBytes secret = SdkBytes.fromString("attack at dawn", StandardCharsets.UTF_8);
            var encrypted = kms.encrypt(b -> b.keyId(a).plaintext(secret));
            assertThat(new String(encrypted.ciphertextBlob().asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("attack");
            assertThat(kms.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob())).plaintext()).isEqualTo(secret);
            expect("IncorrectKeyException", 400, () -> kms.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob()).keyId(other)));

            byte[] tampered = encrypted.ciphertextBlob().asByteArray();
            tampered[tampered.length - 1] ^= 1;
            expect("InvalidCiphertextException", 400, () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(tampered))));
            expect("InvalidCiphertextException", 400, () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromUtf8String("garbage"))));

            var moved = kms.reEncrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob()).destinationKeyId(other)
                    .destinationEncryptionContext(Map.of("k", "v")));
            assertThat(moved.sourceKeyId()).endsWith(a);
            assertThat(moved.keyId()).endsWith(other);
            assertThat(kms.decrypt(b -> b.ciphertextBlob(moved.ciphertextBlob()).encryptionContext(Map.of("k", "v")))
                    .plaintext()).isEqualTo(secret);

            var withoutPlaintext = kms.generateDataKeyWithoutPlaintext(b -> b.keyId(a).numberOfBytes(64));
            assertThat(withoutPlaintext.keyId()).endsWith(a);
            assertThat(kms.decrypt(b -> b.ciphertextBlob(withoutPlaintext.ciphertextBlob())).plaintext().asByteArray()).hasSize(64);
            expect("ValidationException", 400, () -> kms.generateDataKey(b -> b.keyId(a)));
            expect("ValidationException", 400, () -> kms.generateDataKey(b -> b.keyId(a).numberOfBytes(2000)));
            expect("DryRunOperationException", 412, () -> kms.encrypt(b -> b.keyId(a).plaintext(secret).dryRun(true)));
        }
    }

    @Test
    void keysAreRegionalAndUnknownKeysAreNotFound() {
        try (KmsClient east = tern.kms(ALICE); KmsClient west = tern.kms(ALICE, "us-west-2")) {
            String arn = east.createKey(b -> { }).keyMetadata().arn();
            expect("NotFoundException", 400, () -> west.describeKey(b -> b.keyId(arn)));
            expect("NotFoundException", 400, () -> east.describeKey(b -> b.keyId("00000000-0000-0000-0000-000000000000")));
            expect("NotFoundException", 400, () -> east.describeKey(b -> b.keyId("alias/nothing-here")));
            expect("NotFoundException", 400, () -> east.describeKey(b -> b.keyId("not-a-key")));
            expect("InvalidArnException", 400, () -> east.describeKey(b -> b.keyId("arn:aws:kms:nonsense")));
            assertThat(west.listKeys().keys()).extracting(KeyListEntry::keyArn).doesNotContain(arn);
        }
    }

    @Test
    void aliasesFollowTheirRules() {
        try (KmsClient kms = tern.kms(BOB)) {
            String k1 = kms.createKey(b -> { }).keyMetadata().keyId();
            String k2 = kms.createKey(b -> { }).keyMetadata().keyId();
            kms.createAlias(b -> b.aliasName("alias/app").targetKeyId(k1));
            expect("AlreadyExistsException", 400, () -> kms.createAlias(b -> b.aliasName("alias/app").targetKeyId(k2)));
            expect("InvalidAliasNameException", 400, () -> kms.createAlias(b -> b.aliasName("alias/aws/mine").targetKeyId(k1)));
            expect("InvalidAliasNameException", 400, () -> kms.createAlias(b -> b.aliasName("app").targetKeyId(k1)));
            expect("ValidationException", 400, () -> kms.createAlias(b -> b.aliasName("alias/bad name").targetKeyId(k1)));
            expect("NotFoundException", 400, () -> kms.createAlias(b -> b.aliasName("alias/x")
                    .targetKeyId("11111111-2222-3333-4444-555555555555")));

            kms.updateAlias(b -> b.aliasName("alias/app").targetKeyId(k2));
            assertThat(kms.describeKey(b -> b.keyId("alias/app")).keyMetadata().keyId()).isEqualTo(k2);
            List<AliasListEntry> aliases = kms.listAliases().aliases();
            assertThat(aliases).extracting(AliasListEntry::aliasName).contains("alias/app", "alias/aws/ebs");
            assertThat(kms.listAliases(b -> b.keyId(k2)).aliases()).extracting(AliasListEntry::aliasName)
                    .containsExactly("alias/app");
            kms.deleteAlias(b -> b.aliasName("alias/app"));
            expect("NotFoundException", 400, () -> kms.deleteAlias(b -> b.aliasName("alias/app")));
        }
    }

    @Test
    void describingAliasAwsEbsMakesTheAwsManagedKeyWhichOnlyEc2MayUse() {
        try (KmsClient kms = tern.kms(CAROL, "us-west-2")) {
            KeyMetadata managed = kms.describeKey(b -> b.keyId("alias/aws/ebs")).keyMetadata();
            assertThat(managed.keyManagerAsString()).isEqualTo("AWS");
            assertThat(kms.describeKey(b -> b.keyId("alias/aws/ebs")).keyMetadata().keyId()).isEqualTo(managed.keyId());
            assertThat(kms.listAliases().aliases()).filteredOn(a -> a.aliasName().equals("alias/aws/ebs"))
                    .singleElement().satisfies(a -> assertThat(a.targetKeyId()).isEqualTo(managed.keyId()));
            expect("AccessDeniedException", 400, () -> kms.encrypt(b -> b.keyId("alias/aws/ebs").plaintext(SdkBytes.fromUtf8String("x"))));
            expect("AccessDeniedException", 400, () -> kms.disableKey(b -> b.keyId(managed.keyId())));
            assertThat(kms.getKeyPolicy(b -> b.keyId(managed.keyId())).policy()).contains("kms:ViaService");
        }
    }

    @Test
    void anotherAccountUsesAKeyOnlyWhenItsPolicyOrAGrantSaysSo() {
        try (KmsClient alice = tern.kms(ALICE); KmsClient bob = tern.kms(BOB); KmsClient carol = tern.kms(CAROL)) {
            String arn = alice.createKey(b -> { }).keyMetadata().arn();
            SdkBytes data = SdkBytes.fromUtf8String("shared");
            expect("AccessDeniedException", 400, () -> bob.encrypt(b -> b.keyId(arn).plaintext(data)));
            // Another account's key is named by ARN only.
            expect("NotFoundException", 400, () -> bob.describeKey(b -> b.keyId(arn.substring(arn.indexOf("key/") + 4))));

            String policy = alice.getKeyPolicy(b -> b.keyId(arn).policyName("default")).policy();
            assertThat(policy).contains("arn:aws:iam::" + ALICE + ":root");
            String shared = """
                    {"Version":"2012-10-17","Statement":[
                      {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"},
                      {"Effect":"Allow","Principal":{"AWS":"%s"},"Action":["kms:Encrypt","kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}
                    """.formatted(ALICE, BOB);
            alice.putKeyPolicy(b -> b.keyId(arn).policyName("default").policy(shared));
            var encrypted = bob.encrypt(b -> b.keyId(arn).plaintext(data));
            assertThat(bob.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob())).plaintext()).isEqualTo(data);
            expect("AccessDeniedException", 400, () -> bob.generateDataKey(b -> b.keyId(arn).numberOfBytes(32)));
            expect("NotFoundException", 400, () -> bob.disableKey(b -> b.keyId(arn)));

            expect("MalformedPolicyDocumentException", 400, () -> alice.putKeyPolicy(b -> b.keyId(arn).policyName("default")
                    .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + BOB
                            + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")));
            expect("MalformedPolicyDocumentException", 400, () -> alice.putKeyPolicy(b -> b.keyId(arn).policyName("default")
                    .policy("not json")));

            expect("AccessDeniedException", 400, () -> carol.encrypt(b -> b.keyId(arn).plaintext(data)));
            String carolRoot = "arn:aws:iam::" + CAROL + ":root";
            var grant = alice.createGrant(b -> b.keyId(arn).granteePrincipal(carolRoot)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("team", "c"))));
            expect("AccessDeniedException", 400, () -> carol.encrypt(b -> b.keyId(arn).plaintext(data)));
            var forCarol = carol.encrypt(b -> b.keyId(arn).plaintext(data).encryptionContext(Map.of("team", "c")));
            assertThat(alice.listGrants(b -> b.keyId(arn)).grants()).singleElement().satisfies(g -> {
                assertThat(g.grantId()).isEqualTo(grant.grantId());
                assertThat(g.granteePrincipal()).isEqualTo(carolRoot);
                assertThat(g.operationsAsStrings()).containsExactly("Encrypt", "Decrypt");
                assertThat(g.constraints().encryptionContextSubset()).containsEntry("team", "c");
            });
            alice.revokeGrant(b -> b.keyId(arn).grantId(grant.grantId()));
            expect("AccessDeniedException", 400, () -> carol.decrypt(b -> b.ciphertextBlob(forCarol.ciphertextBlob())
                    .encryptionContext(Map.of("team", "c"))));

            var retiring = alice.createGrant(b -> b.keyId(arn).granteePrincipal(carolRoot).retiringPrincipal(carolRoot)
                    .operations(GrantOperation.DECRYPT));
            carol.retireGrant(b -> b.grantToken(retiring.grantToken()));
            assertThat(alice.listGrants(b -> b.keyId(arn)).grants()).isEmpty();
            expect("InvalidGrantTokenException", 400, () -> carol.retireGrant(b -> b.grantToken(retiring.grantToken())));
        }
    }

    @Test
    void tagsAndListingsPage() {
        try (KmsClient kms = tern.kms(CAROL)) {
            String id = kms.createKey(b -> b.tags(t -> t.tagKey("team").tagValue("storage"))).keyMetadata().keyId();
            kms.tagResource(b -> b.keyId(id).tags(t -> t.tagKey("env").tagValue("test")));
            assertThat(kms.listResourceTags(b -> b.keyId(id)).tags()).extracting(t -> t.tagKey() + "=" + t.tagValue())
                    .containsExactly("env=test", "team=storage");
            kms.untagResource(b -> b.keyId(id).tagKeys("team"));
            assertThat(kms.listResourceTags(b -> b.keyId(id)).tags()).hasSize(1);
            expect("TagException", 400, () -> kms.tagResource(b -> b.keyId(id).tags(t -> t.tagKey("aws:x").tagValue("y"))));

            for (int i = 0; i < 3; i++) {
                kms.createKey(b -> { });
            }
            var first = kms.listKeys(b -> b.limit(2));
            assertThat(first.keys()).hasSize(2);
            assertThat(first.truncated()).isTrue();
            var rest = kms.listKeys(b -> b.marker(first.nextMarker()));
            assertThat(rest.keys()).doesNotContainAnyElementsOf(first.keys());
            assertThat(first.keys().size() + rest.keys().size()).isEqualTo(kms.listKeys().keys().size());
            expect("InvalidMarkerException", 400, () -> kms.listKeys(b -> b.marker("bogus")));
        }
    }

    @Test
    void asymmetricKeysAreRecordedButNotComputedWith() {
        try (KmsClient kms = tern.kms(ALICE)) {
            KeyMetadata rsa = kms.createKey(b -> b.keySpec("RSA_2048").keyUsage("SIGN_VERIFY")).keyMetadata();
            assertThat(rsa.keySpecAsString()).isEqualTo("RSA_2048");
            expect("InvalidKeyUsageException", 400, () -> kms.generateDataKey(b -> b.keyId(rsa.keyId()).numberOfBytes(32)));
            expect("ValidationException", 400, () -> kms.createKey(b -> b.keySpec("ECC_NIST_P256").keyUsage("ENCRYPT_DECRYPT")));
        }
    }

    @Test
    void theWireAnswersInJson11WithTypedErrors() throws Exception {
        RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "kms");
        var unknown = raw.send("POST", "/", null, Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "TrentService.NoSuchOperation"), "{}", false);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"__type\":\"UnknownOperationException\"");
        var malformed = raw.send("POST", "/", null, Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "TrentService.ListKeys"), "{not json", false);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("SerializationException");
        var listed = raw.send("POST", "/", null, Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "TrentService.ListKeys"), "{}", false);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.headers().get("content-type")).singleElement().asString().startsWith("application/x-amz-json-1.1");
    }

    private static void expect(String code, int status, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.requestId()).isNotBlank();
        });
    }
}
