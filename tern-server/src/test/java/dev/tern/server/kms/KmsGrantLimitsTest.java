package dev.tern.server.kms;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.server.testing.TernTestServer;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * A principal that may create grants only because of a grant hands out no more than that grant: its operations at
 * most, its constraints at least. Otherwise one account could widen what another gave it.
 */
class KmsGrantLimitsTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private static final String BOB_ROOT = "arn:aws:iam::" + BOB + ":root";
    private static final String CAROL_ROOT = "arn:aws:iam::" + CAROL + ":root";

    @Test
    void aGranteeCannotGrantItselfOperationsItWasNotGiven() {
        try (KmsClient alice = tern.kms(ALICE); KmsClient bob = tern.kms(BOB)) {
            String arn = alice.createKey(b -> { }).keyMetadata().arn();
            SdkBytes secret = alice.encrypt(b -> b.keyId(arn).plaintext(SdkBytes.fromUtf8String("alice's"))).ciphertextBlob();
            alice.createGrant(b -> b.keyId(arn).granteePrincipal(BOB_ROOT)
                    .operations(GrantOperation.DESCRIBE_KEY, GrantOperation.CREATE_GRANT));
            expectDenied(() -> bob.decrypt(b -> b.ciphertextBlob(secret).keyId(arn)));

            expectDenied(() -> bob.createGrant(b -> b.keyId(arn).granteePrincipal(BOB_ROOT)
                    .operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT)));
            expectDenied(() -> bob.createGrant(b -> b.keyId(arn).granteePrincipal(BOB_ROOT)
                    .operations(GrantOperation.DESCRIBE_KEY, GrantOperation.RETIRE_GRANT)));
            expectDenied(() -> bob.decrypt(b -> b.ciphertextBlob(secret).keyId(arn)));
            // Nothing was recorded by the refused calls.
            assertThat(alice.listGrants(b -> b.keyId(arn)).grants()).hasSize(1);

            // Within what it holds, including CreateGrant itself, it may pass grants on.
            bob.createGrant(b -> b.keyId(arn).granteePrincipal(CAROL_ROOT).operations(GrantOperation.DESCRIBE_KEY));
            bob.createGrant(b -> b.keyId(arn).granteePrincipal(CAROL_ROOT)
                    .operations(GrantOperation.DESCRIBE_KEY, GrantOperation.CREATE_GRANT));
            assertThat(alice.listGrants(b -> b.keyId(arn)).grants()).hasSize(3);
        }
    }

    @Test
    void aGrantMadeThroughAGrantKeepsAtLeastItsConstraints() {
        try (KmsClient alice = tern.kms(ALICE); KmsClient bob = tern.kms(BOB)) {
            String arn = alice.createKey(b -> { }).keyMetadata().arn();
            alice.createGrant(b -> b.keyId(arn).granteePrincipal(BOB_ROOT)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT, GrantOperation.CREATE_GRANT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("team", "b"))));

            expectDenied(() -> bob.createGrant(b -> b.keyId(arn).granteePrincipal(CAROL_ROOT)
                    .operations(GrantOperation.DECRYPT)));
            expectDenied(() -> bob.createGrant(b -> b.keyId(arn).granteePrincipal(CAROL_ROOT)
                    .operations(GrantOperation.DECRYPT).constraints(c -> c.encryptionContextSubset(Map.of("team", "c")))));
            expectDenied(() -> bob.createGrant(b -> b.keyId(arn).granteePrincipal(CAROL_ROOT)
                    .operations(GrantOperation.DECRYPT).constraints(c -> c.encryptionContextEquals(Map.of("env", "x")))));

            bob.createGrant(b -> b.keyId(arn).granteePrincipal(CAROL_ROOT).operations(GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("team", "b", "env", "x"))));
            bob.createGrant(b -> b.keyId(arn).granteePrincipal(CAROL_ROOT).operations(GrantOperation.ENCRYPT)
                    .constraints(c -> c.encryptionContextEquals(Map.of("team", "b"))));
        }
    }

    @Test
    void theKeysOwnerGrantsWhatItLikesThroughItsKeyPolicy() {
        try (KmsClient alice = tern.kms(ALICE)) {
            String arn = alice.createKey(b -> { }).keyMetadata().arn();
            alice.createGrant(b -> b.keyId(arn).granteePrincipal(BOB_ROOT)
                    .operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT, GrantOperation.CREATE_GRANT));
            assertThat(alice.listGrants(b -> b.keyId(arn)).grants()).hasSize(1);
        }
    }

    private static void expectDenied(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.requestId()).isNotBlank();
        });
    }
}
