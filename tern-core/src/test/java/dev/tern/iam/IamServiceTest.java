package dev.tern.iam;

import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.account.Accounts;
import dev.tern.account.CallContext;
import dev.tern.account.KeyStatus;
import dev.tern.account.Principal;
import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AttachUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.CreatePolicyRequest;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.DeletePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteUserRequest;
import software.amazon.awssdk.services.iam.model.DetachUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedUserPoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListUserPoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListUsersRequest;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PutUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.UpdateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.User;

/** IamService over a real catalogue: users, access keys, inline and managed policies, IAM's errors. */
class IamServiceTest {
    static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dir;

    @BothCatalogs
    void usersAreCreatedListedAndDeletedPerAccount(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            IamService iam = t.services.iam();
            User alice = iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("alice").path("/team/").build()).user();
            assertThat(alice.userId()).matches("AIDA[A-Z2-7]{17}");
            assertThat(alice.arn()).isEqualTo("arn:aws:iam::" + OWNER + ":user/team/alice");
            assertThat(alice.path()).isEqualTo("/team/");
            assertThat(alice.createDate()).isEqualTo(t.clock.instant());
            iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("bob").build());

            // Names are unique whatever their case; the same name in another account is another user.
            assertError(ErrorCode.EntityAlreadyExists, () -> iam.createUser(t.as(OWNER),
                    CreateUserRequest.builder().userName("ALICE").build())).hasMessage("User with name ALICE already exists.");
            iam.createUser(t.as(OTHER), CreateUserRequest.builder().userName("alice").build());

            assertThat(iam.getUser(t.as(OWNER), GetUserRequest.builder().userName("Alice").build()).user())
                    .isEqualTo(alice);
            assertThat(iam.listUsers(t.as(OWNER), ListUsersRequest.builder().build()).users())
                    .extracting(User::userName).containsExactly("alice", "bob");
            assertThat(iam.listUsers(t.as(OWNER), ListUsersRequest.builder().pathPrefix("/team/").build()).users())
                    .extracting(User::userName).containsExactly("alice");

            iam.deleteUser(t.as(OWNER), DeleteUserRequest.builder().userName("bob").build());
            assertError(ErrorCode.NoSuchEntity, () -> iam.getUser(t.as(OWNER), GetUserRequest.builder().userName("bob").build()))
                    .hasMessage("The user with name bob cannot be found.");
            assertError(ErrorCode.NoSuchEntity, () -> iam.deleteUser(t.as(OWNER), DeleteUserRequest.builder().userName("bob").build()));
            assertThat(iam.listUsers(t.as(OTHER), ListUsersRequest.builder().build()).users()).hasSize(1);
        }
    }

    @BothCatalogs
    void namesAndPathsAreCheckedAsIamDoes(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            IamService iam = t.services.iam();
            assertError(ErrorCode.ValidationError, () -> iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("a b").build()))
                    .hasMessage("1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
            assertError(ErrorCode.ValidationError, () -> iam.createUser(t.as(OWNER),
                    CreateUserRequest.builder().userName("x".repeat(65)).build()));
            assertError(ErrorCode.ValidationError, () -> iam.createUser(t.as(OWNER), CreateUserRequest.builder().build()));
            assertError(ErrorCode.ValidationError, () -> iam.createUser(t.as(OWNER),
                    CreateUserRequest.builder().userName("ok").path("team").build()));
            assertError(ErrorCode.InvalidInput, () -> iam.getPolicy(t.as(OWNER), GetPolicyRequest.builder().policyArn("arn:aws:iam::111111111111:user/alice").build()));
            assertError(ErrorCode.ValidationError, () -> iam.listUsers(t.as(OWNER), ListUsersRequest.builder().maxItems(0).build()));
            iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("x".repeat(64)).build());
            iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("a+b=c,d.e@f_g-h").build());
        }
    }

    @BothCatalogs
    void listingsPageWithMarkers(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            IamService iam = t.services.iam();
            // Punctuation that a database collation would order differently from the markers' order.
            for (String name : List.of("user-b", "userA", "user.c", "User_d", "userb")) {
                iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName(name).build());
            }
            List<String> seen = new ArrayList<>();
            String marker = null;
            int pages = 0;
            do {
                ListUsersResponse page = iam.listUsers(t.as(OWNER), ListUsersRequest.builder().maxItems(2).marker(marker).build());
                page.users().forEach(u -> seen.add(u.userName()));
                assertThat(page.isTruncated()).isEqualTo(page.marker() != null);
                marker = page.marker();
                pages++;
            } while (marker != null);
            assertThat(seen).containsExactly("user-b", "user.c", "User_d", "userA", "userb");
            assertThat(pages).isEqualTo(3);

            iam.createAccessKey(t.as(OWNER), CreateAccessKeyRequest.builder().userName("userA").build());
            iam.createAccessKey(t.as(OWNER), CreateAccessKeyRequest.builder().userName("userA").build());
            var first = iam.listAccessKeys(t.as(OWNER), ListAccessKeysRequest.builder().userName("userA").maxItems(1).build());
            var second = iam.listAccessKeys(t.as(OWNER), ListAccessKeysRequest.builder().userName("userA").maxItems(1)
                    .marker(first.marker()).build());
            assertThat(second.isTruncated()).isFalse();
            assertThat(List.of(first.accessKeyMetadata().get(0).accessKeyId(), second.accessKeyMetadata().get(0).accessKeyId()))
                    .doesNotHaveDuplicates();
        }
    }

    @BothCatalogs
    void accessKeysSignForTheirUserUntilInactiveOrDeleted(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            IamService iam = t.services.iam();
            Accounts accounts = t.services.accounts();
            User alice = iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("alice").build()).user();
            AccessKey key = iam.createAccessKey(t.as(OWNER), CreateAccessKeyRequest.builder().userName("alice").build()).accessKey();
            assertThat(key.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
            assertThat(key.secretAccessKey()).hasSize(40);
            assertThat(key.statusAsString()).isEqualTo("Active");
            assertThat(key.userName()).isEqualTo("alice");

            // This node's write is visible to its credential cache at once.
            Accounts.Credential c = accounts.credential(key.accessKeyId());
            assertThat(c.secret()).isEqualTo(key.secretAccessKey());
            assertThat(c.active()).isTrue();
            assertThat(c.principal()).isEqualTo(new Principal(OWNER, alice.arn(), "alice", alice.userId()));

            iam.createAccessKey(t.as(OWNER), CreateAccessKeyRequest.builder().userName("alice").build());
            assertError(ErrorCode.LimitExceeded, () -> iam.createAccessKey(t.as(OWNER),
                    CreateAccessKeyRequest.builder().userName("alice").build()))
                    .hasMessage("Cannot exceed quota for AccessKeysPerUser: 2");
            assertThat(iam.listAccessKeys(t.as(OWNER), ListAccessKeysRequest.builder().userName("alice").build())
                    .accessKeyMetadata()).hasSize(2).allSatisfy(m -> assertThat(m.userName()).isEqualTo("alice"));

            iam.updateAccessKey(t.as(OWNER), UpdateAccessKeyRequest.builder().userName("alice")
                    .accessKeyId(key.accessKeyId()).status("Inactive").build());
            assertThat(accounts.credential(key.accessKeyId()).status()).isEqualTo(KeyStatus.Inactive);
            assertError(ErrorCode.ValidationError, () -> iam.updateAccessKey(t.as(OWNER), UpdateAccessKeyRequest.builder()
                    .userName("alice").accessKeyId(key.accessKeyId()).status("Paused").build()));
            // A key of another user, or of another account, is not found under this one.
            iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("bob").build());
            assertError(ErrorCode.NoSuchEntity, () -> iam.deleteAccessKey(t.as(OWNER), DeleteAccessKeyRequest.builder()
                    .userName("bob").accessKeyId(key.accessKeyId()).build()))
                    .hasMessage("The Access Key with id " + key.accessKeyId() + " cannot be found.");

            assertError(ErrorCode.DeleteConflict, () -> iam.deleteUser(t.as(OWNER), DeleteUserRequest.builder().userName("alice").build()))
                    .hasMessage("Cannot delete entity, must delete access keys first.");
            iam.deleteAccessKey(t.as(OWNER), DeleteAccessKeyRequest.builder().userName("alice").accessKeyId(key.accessKeyId()).build());
            assertThat(accounts.credential(key.accessKeyId())).isNull();
        }
    }

    @BothCatalogs
    void withoutUserNameTheCallerIsTheSubject(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            IamService iam = t.services.iam();
            User alice = iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("alice").build()).user();
            CallContext asAlice = asUser(t, alice);
            assertThat(iam.getUser(asAlice, GetUserRequest.builder().build()).user().userName()).isEqualTo("alice");
            AccessKey own = iam.createAccessKey(asAlice, CreateAccessKeyRequest.builder().build()).accessKey();
            assertThat(own.userName()).isEqualTo("alice");

            // The root's own keys: GetUser shows the root, and its keys are the account's root keys.
            User root = iam.getUser(t.as(OWNER), GetUserRequest.builder().build()).user();
            assertThat(root.arn()).isEqualTo("arn:aws:iam::" + OWNER + ":root");
            assertThat(root.userId()).isEqualTo(OWNER);
            AccessKey rootKey = iam.createAccessKey(t.as(OWNER), CreateAccessKeyRequest.builder().build()).accessKey();
            assertThat(rootKey.userName()).isNull();
            assertThat(t.services.accounts().credential(rootKey.accessKeyId()).principal().isRoot()).isTrue();
            assertThat(iam.listAccessKeys(t.as(OWNER), ListAccessKeysRequest.builder().build()).accessKeyMetadata())
                    .extracting(m -> m.accessKeyId()).containsExactly(rootKey.accessKeyId());
        }
    }

    @BothCatalogs
    void inlinePoliciesAreStoredAndReturnedUrlEncoded(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            IamService iam = t.services.iam();
            User alice = iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("alice").build()).user();
            String doc = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"ec2:*\", \"Resource\": \"*\"}}";
            iam.putUserPolicy(t.as(OWNER), PutUserPolicyRequest.builder().userName("alice").policyName("ec2")
                    .policyDocument(doc).build());
            GetUserPolicyResponse got = iam.getUserPolicy(t.as(OWNER), GetUserPolicyRequest.builder().userName("alice")
                    .policyName("EC2").build());
            assertThat(got.policyName()).isEqualTo("ec2");
            assertThat(got.policyDocument()).contains("%22Version%22%3A%20").doesNotContain("+");
            assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(doc);
            assertThat(documents(iam, asUser(t, alice).principal())).containsExactly(doc);
            assertThat(documents(iam, t.as(OWNER).principal())).isEmpty();

            // Put again replaces; the cache follows at once.
            iam.putUserPolicy(t.as(OWNER), PutUserPolicyRequest.builder().userName("alice").policyName("ec2")
                    .policyDocument(DOC).build());
            assertThat(documents(iam, asUser(t, alice).principal())).containsExactly(DOC);
            assertThat(iam.listUserPolicies(t.as(OWNER), ListUserPoliciesRequest.builder().userName("alice").build())
                    .policyNames()).containsExactly("ec2");

            for (String bad : List.of("not json", "[1]", "{\"Statement\":[]}", "{\"Version\":\"2012-10-17\"}")) {
                assertError(ErrorCode.MalformedPolicyDocument, () -> iam.putUserPolicy(t.as(OWNER), PutUserPolicyRequest
                        .builder().userName("alice").policyName("bad").policyDocument(bad).build()));
            }
            String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\""
                    + "arn:aws:ec2:*::image/ami-" + "x".repeat(2100) + "\"}]}";
            assertError(ErrorCode.LimitExceeded, () -> iam.putUserPolicy(t.as(OWNER), PutUserPolicyRequest.builder()
                    .userName("alice").policyName("big").policyDocument(big).build()));

            assertError(ErrorCode.DeleteConflict, () -> iam.deleteUser(t.as(OWNER), DeleteUserRequest.builder().userName("alice").build()))
                    .hasMessage("Cannot delete entity, must delete policies first.");
            iam.deleteUserPolicy(t.as(OWNER), DeleteUserPolicyRequest.builder().userName("alice").policyName("ec2").build());
            assertThat(documents(iam, asUser(t, alice).principal())).isEmpty();
            assertError(ErrorCode.NoSuchEntity, () -> iam.getUserPolicy(t.as(OWNER), GetUserPolicyRequest.builder()
                    .userName("alice").policyName("ec2").build())).hasMessage("The user policy with name ec2 cannot be found.");
        }
    }

    @BothCatalogs
    void managedPoliciesAreAttachedDetachedAndDeleted(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            IamService iam = t.services.iam();
            User alice = iam.createUser(t.as(OWNER), CreateUserRequest.builder().userName("alice").build()).user();
            Policy p = iam.createPolicy(t.as(OWNER), CreatePolicyRequest.builder().policyName("readers").path("/ops/")
                    .description("read only").policyDocument(DOC).build()).policy();
            assertThat(p.policyId()).matches("ANPA[A-Z2-7]{17}");
            assertThat(p.arn()).isEqualTo("arn:aws:iam::" + OWNER + ":policy/ops/readers");
            assertThat(p.defaultVersionId()).isEqualTo("v1");
            assertThat(p.attachmentCount()).isZero();
            assertError(ErrorCode.EntityAlreadyExists, () -> iam.createPolicy(t.as(OWNER), CreatePolicyRequest.builder()
                    .policyName("Readers").policyDocument(DOC).build()));

            iam.attachUserPolicy(t.as(OWNER), AttachUserPolicyRequest.builder().userName("alice").policyArn(p.arn()).build());
            assertThat(iam.getPolicy(t.as(OWNER), GetPolicyRequest.builder().policyArn(p.arn()).build()).policy())
                    .satisfies(g -> {
                        assertThat(g.attachmentCount()).isEqualTo(1);
                        assertThat(g.description()).isEqualTo("read only");
                    });
            assertThat(iam.listAttachedUserPolicies(t.as(OWNER), ListAttachedUserPoliciesRequest.builder().userName("alice").build())
                    .attachedPolicies()).singleElement().satisfies(a -> {
                        assertThat(a.policyArn()).isEqualTo(p.arn());
                        assertThat(a.policyName()).isEqualTo("readers");
                    });
            assertThat(documents(iam, asUser(t, alice).principal())).containsExactly(DOC);

            // Another account cannot see or attach it; a wrong path is another policy.
            assertError(ErrorCode.NoSuchEntity, () -> iam.getPolicy(t.as(OTHER), GetPolicyRequest.builder().policyArn(p.arn()).build()));
            assertError(ErrorCode.NoSuchEntity, () -> iam.attachUserPolicy(t.as(OWNER), AttachUserPolicyRequest.builder()
                    .userName("alice").policyArn("arn:aws:iam::" + OWNER + ":policy/readers").build()))
                    .hasMessageContaining("does not exist or is not attachable");

            assertError(ErrorCode.DeleteConflict, () -> iam.deletePolicy(t.as(OWNER), DeletePolicyRequest.builder().policyArn(p.arn()).build()))
                    .hasMessage("Cannot delete a policy attached to entities.");
            assertError(ErrorCode.DeleteConflict, () -> iam.deleteUser(t.as(OWNER), DeleteUserRequest.builder().userName("alice").build()))
                    .hasMessage("Cannot delete entity, must detach all policies first.");
            iam.detachUserPolicy(t.as(OWNER), DetachUserPolicyRequest.builder().userName("alice").policyArn(p.arn()).build());
            assertError(ErrorCode.NoSuchEntity, () -> iam.detachUserPolicy(t.as(OWNER), DetachUserPolicyRequest.builder()
                    .userName("alice").policyArn(p.arn()).build()));
            assertThat(documents(iam, asUser(t, alice).principal())).isEmpty();
            iam.deletePolicy(t.as(OWNER), DeletePolicyRequest.builder().policyArn(p.arn()).build());
            assertError(ErrorCode.NoSuchEntity, () -> iam.getPolicy(t.as(OWNER), GetPolicyRequest.builder().policyArn(p.arn()).build()))
                    .hasMessage("Policy " + p.arn() + " was not found.");
            iam.deleteUser(t.as(OWNER), DeleteUserRequest.builder().userName("alice").build());
        }
    }

    static CallContext asUser(TernFixture t, User user) {
        CallContext root = t.as(OWNER);
        return new CallContext(root.account(), root.region(), "req-user",
                new Principal(OWNER, user.arn(), user.userName(), user.userId()));
    }

    /** The documents of a principal's compiled identity policies, as they were put. */
    private static java.util.List<String> documents(IamService iam, dev.tern.account.Principal p) {
        return iam.identityPolicies(p).policies().stream().map(dev.tern.iam.policy.Policy::document).toList();
    }
}
