package dev.tern.kms;

import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.account.Account;
import dev.tern.account.CallContext;
import dev.tern.account.Principal;
import dev.tern.error.ErrorCode;
import dev.tern.iam.policy.IdentityPolicies;
import dev.tern.iam.policy.Policy;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.CreateGrantRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;

/**
 * How KMS combines a key policy, the caller's identity policies and grants: a statement naming the caller allows
 * by itself, one naming its account needs the caller's IAM to allow too, an explicit Deny anywhere wins.
 */
class KeyAccessPoliciesTest {
    private static final SdkBytes DATA = SdkBytes.fromUtf8String("secret");

    @TempDir
    Path dir;
    private TernFixture t;
    private KmsService kms;

    @BeforeEach
    void start() {
        t = TernFixture.start(Kind.SQLITE, dir);
        kms = t.services.kms();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private CallContext user(String account, String name, String... policies) {
        Principal p = new Principal(account, "arn:aws:iam::" + account + ":user/" + name, name, "AIDA" + name.toUpperCase());
        List<Policy> parsed = java.util.Arrays.stream(policies).map(Policy::parse).toList();
        return new CallContext(new Account(account, null), t.services.regions().get(TernFixture.REGION), "req-u", p,
                IdentityPolicies.of(parsed));
    }

    private static String identity(String effect, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"" + effect + "\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}}";
    }

    private String key(String policy) {
        return kms.createKey(t.as(OWNER), CreateKeyRequest.builder().policy(policy).build()).keyMetadata().arn();
    }

    private void encryptAs(CallContext ctx, String keyArn) {
        kms.encrypt(ctx, EncryptRequest.builder().keyId(keyArn).plaintext(DATA).build());
    }

    /** Decrypts, as {@code ctx}, something the key's owner encrypted. */
    private void decryptAs(CallContext ctx, String keyArn) {
        SdkBytes blob = kms.encrypt(t.as(OWNER), EncryptRequest.builder().keyId(keyArn).plaintext(DATA).build()).ciphertextBlob();
        kms.decrypt(ctx, DecryptRequest.builder().ciphertextBlob(blob).build());
    }

    private void describe(CallContext ctx, String keyArn) {
        kms.describeKey(ctx, DescribeKeyRequest.builder().keyId(keyArn).build());
    }

    private void grant(String keyArn, String grantee, GrantOperation operation) {
        kms.createGrant(t.as(OWNER), CreateGrantRequest.builder().keyId(keyArn).granteePrincipal(grantee).operations(operation).build());
    }

    private void putPolicy(CallContext ctx, String keyArn, String policy) {
        kms.putKeyPolicy(ctx, PutKeyPolicyRequest.builder().keyId(keyArn).policyName("default").policy(policy).build());
    }

    private static void denied(Runnable call, String because) {
        assertError(ErrorCode.KmsAccessDeniedException, call::run).hasMessageContaining(because);
    }

    @Test
    void theDefaultPolicyDelegatesToIam() {
        String arn = key(null);
        encryptAs(t.as(OWNER), arn);
        denied(() -> encryptAs(user(OWNER, "nobody"), arn), "because no identity-based policy allows the kms:Encrypt action");
        encryptAs(user(OWNER, "allowed", identity("Allow", "kms:Encrypt", arn)), arn);
        encryptAs(user(OWNER, "wildcard", identity("Allow", "kms:*", "arn:aws:kms:us-east-1:" + OWNER + ":key/*")), arn);
        denied(() -> encryptAs(user(OWNER, "otherKey", identity("Allow", "kms:*", arn + "0")), arn), "no identity-based policy");
        denied(() -> encryptAs(user(OWNER, "decryptOnly", identity("Allow", "kms:Decrypt", "*")), arn), "no identity-based policy");
    }

    @Test
    void aStatementNamingTheUserAllowsWithoutIam() {
        String arn = key("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"User","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:user/alice"},"Action":"kms:Encrypt","Resource":"*"}]}
                """.formatted(OWNER));
        encryptAs(user(OWNER, "alice"), arn);
        denied(() -> decryptAs(user(OWNER, "alice"), arn), "no identity-based policy");
        denied(() -> encryptAs(user(OWNER, "bob"), arn), "no identity-based policy");
    }

    @Test
    void anExplicitDenyInTheKeyPolicyOrInIamWins() {
        String arn = key("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},"Action":"kms:*","Resource":"*"},
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:user/alice"},"Action":"kms:*","Resource":"*"},
                 {"Effect":"Deny","Principal":"*","Action":"kms:Encrypt","Resource":"*",
                  "Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::%1$s:user/carol"}}}]}
                """.formatted(OWNER));
        CallContext carol = user(OWNER, "carol", identity("Allow", "kms:*", "*"));
        denied(() -> encryptAs(carol, arn), "with an explicit deny in a resource-based policy");
        describe(carol, arn);
        // Alice is named by the key policy, but her own policy denies.
        CallContext alice = user(OWNER, "alice", identity("Deny", "kms:Encrypt", "*"));
        denied(() -> encryptAs(alice, arn), "with an explicit deny in an identity-based policy");
        describe(alice, arn);
        // A grant does not get past an explicit deny.
        grant(arn, "arn:aws:iam::" + OWNER + ":user/carol", GrantOperation.ENCRYPT);
        denied(() -> encryptAs(carol, arn), "explicit deny");
    }

    @Test
    void aGrantAllowsWhatThePoliciesDoNot() {
        String arn = key(null);
        CallContext dave = user(OWNER, "dave");
        denied(() -> encryptAs(dave, arn), "no identity-based policy");
        grant(arn, "arn:aws:iam::" + OWNER + ":user/dave", GrantOperation.ENCRYPT);
        encryptAs(dave, arn);
    }

    @Test
    void anotherAccountsUserNeedsBothTheKeyPolicyAndItsOwnIam() {
        String arn = key("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},"Action":"kms:*","Resource":"*"},
                 {"Effect":"Allow","Principal":{"AWS":["%2$s","arn:aws:iam::%2$s:user/erin"]},"Action":"kms:Encrypt","Resource":"*"}]}
                """.formatted(OWNER, OTHER));
        encryptAs(t.as(OTHER), arn);
        denied(() -> encryptAs(user(OTHER, "erin"), arn), "no identity-based policy");
        denied(() -> encryptAs(user(OTHER, "frank"), arn), "no identity-based policy");
        encryptAs(user(OTHER, "erin", identity("Allow", "kms:Encrypt", arn)), arn);
        encryptAs(user(OTHER, "frank", identity("Allow", "kms:Encrypt", "*")), arn);
        denied(() -> decryptAs(user(OTHER, "frank", identity("Allow", "kms:*", "*")), arn), "no resource-based policy");
    }

    @Test
    void theLockoutCheckCountsTheCallersOwnPolicies() {
        String arn = key(null);
        CallContext admin = user(OWNER, "admin", identity("Allow", "kms:*", "*"));
        String onlyRoot = """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}""".formatted(OWNER);
        putPolicy(admin, arn, onlyRoot);
        String withDeny = onlyRoot.replace("]}", ",{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + OWNER
                + ":user/admin\"},\"Action\":\"kms:PutKeyPolicy\",\"Resource\":\"*\"}]}");
        assertError(ErrorCode.MalformedPolicyDocumentException,
                () -> putPolicy(admin, arn, withDeny))
                .hasMessageContaining("will not allow you to update the key policy");
        assertError(ErrorCode.MalformedPolicyDocumentException,
                () -> putPolicy(admin, arn, "{\"Statement\":[]"))
                .hasMessage("Syntax errors in policy.");
        putPolicy(t.as(OWNER), arn, withDeny);
        denied(() -> putPolicy(admin, arn, onlyRoot), "explicit deny");
    }
}
