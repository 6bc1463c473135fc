package dev.tern.iam;

import dev.tern.iam.policy.IdentityPolicies;

import dev.tern.account.AccessKeySecrets;
import dev.tern.account.CallContext;
import dev.tern.account.IdentityGeneration;
import dev.tern.account.IdentityIds;
import dev.tern.account.KeyStatus;
import dev.tern.account.Principal;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.kms.RootKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.AttachUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.CreatePolicyRequest;
import software.amazon.awssdk.services.iam.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.CreateUserResponse;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.DeletePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeletePolicyResponse;
import software.amazon.awssdk.services.iam.model.DeleteUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.DeleteUserRequest;
import software.amazon.awssdk.services.iam.model.DeleteUserResponse;
import software.amazon.awssdk.services.iam.model.DetachUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.DetachUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.ListAttachedUserPoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedUserPoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListUserPoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListUserPoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListUsersRequest;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PutUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.PutUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.UpdateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.UpdateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.User;

/**
 * IAM users, their access keys, inline policies and attached customer managed policies (docs/iam.md). IAM is
 * global: everything here belongs to the caller's account, whatever Region the request was signed for. Where a
 * request names no user, the user is the caller (for the root: the account's root keys), as in IAM.
 * Authorization (may this caller do this?) is the pipeline's, before any of these run.
 */
public final class IamService {
    /** IAM's quota of access keys per user, Active or Inactive. */
    public static final int ACCESS_KEYS_PER_USER = 2;
    /** IAM's quotas on policy sizes (characters, whitespace excluded). */
    public static final int INLINE_USER_POLICIES_SIZE = 2048;
    public static final int MANAGED_POLICY_SIZE = 6144;

    private final Catalog catalog;
    private final RootKey rootKey;
    private final Clock clock;
    private final IdentityGeneration generation;
    private final UserPolicies identityPolicies;

    public IamService(Catalog catalog, RootKey rootKey, Clock clock, IdentityGeneration generation) {
        this.catalog = catalog;
        this.rootKey = rootKey;
        this.clock = clock;
        this.generation = generation;
        this.identityPolicies = new UserPolicies(catalog, generation);
    }

    /**
     * The identity policy documents of a principal, inline then attached, as stored; empty for an account's root,
     * which policies do not limit. Cached: cheap to call on every request.
     */
    public IdentityPolicies identityPolicies(Principal principal) {
        return identityPolicies.of(principal);
    }

    // --- users

    public CreateUserResponse createUser(CallContext ctx, CreateUserRequest r) {
        IamNames.userName(r.userName(), "userName");
        String path = IamNames.path(r.path(), "path");
        UserRow user = new UserRow(IdentityIds.userId(), ctx.accountId(), r.userName(), path, clock.millis());
        generation.write(h -> {
            IamRepository.user(h, ctx.accountId(), r.userName()).ifPresent(u -> {
                throw ErrorCode.EntityAlreadyExists.withMessage("User with name " + r.userName() + " already exists.");
            });
            IamRepository.insertUser(h, user);
            return null;
        });
        return CreateUserResponse.builder().user(toUser(user)).build();
    }

    public GetUserResponse getUser(CallContext ctx, GetUserRequest r) {
        String name = r.userName();
        if (name == null && ctx.principal().isRoot()) {
            // The root is no IAM user: IAM answers with the account as the user id and the root ARN, without a name.
            long created = catalog.read(h -> IamRepository.accountCreated(h, ctx.accountId()));
            return GetUserResponse.builder().user(User.builder().userId(ctx.accountId()).arn(ctx.principal().arn())
                    .path("/").createDate(Instant.ofEpochMilli(created)).build()).build();
        }
        if (name != null) {
            IamNames.userName(name, "userName");
        }
        String target = name == null ? ctx.principal().userName() : name;
        return GetUserResponse.builder().user(toUser(catalog.read(h -> requireUser(h, ctx, target)))).build();
    }

    public ListUsersResponse listUsers(CallContext ctx, ListUsersRequest r) {
        String prefix = r.pathPrefix() == null ? "/" : r.pathPrefix();
        List<UserRow> users = catalog.read(h -> IamRepository.users(h, ctx.accountId())).stream()
                .filter(u -> u.path().startsWith(prefix)).toList();
        IamPages.Page<UserRow> page = IamPages.page(users, UserRow::userName, r.marker(), r.maxItems());
        return ListUsersResponse.builder().users(page.items().stream().map(IamService::toUser).toList())
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    public DeleteUserResponse deleteUser(CallContext ctx, DeleteUserRequest r) {
        IamNames.userName(r.userName(), "userName");
        generation.write(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            if (!IamRepository.keys(h, ctx.accountId(), user.userId()).isEmpty()) {
                throw ErrorCode.DeleteConflict.withMessage("Cannot delete entity, must delete access keys first.");
            }
            if (!IamRepository.inlinePolicies(h, user.userId()).isEmpty()) {
                throw ErrorCode.DeleteConflict.withMessage("Cannot delete entity, must delete policies first.");
            }
            if (!IamRepository.attachedPolicies(h, user.userId()).isEmpty()) {
                throw ErrorCode.DeleteConflict.withMessage("Cannot delete entity, must detach all policies first.");
            }
            IamRepository.deleteUser(h, user.userId());
            return null;
        });
        return DeleteUserResponse.builder().build();
    }

    // --- access keys

    public CreateAccessKeyResponse createAccessKey(CallContext ctx, CreateAccessKeyRequest r) {
        String keyId = IdentityIds.accessKeyId();
        String secret = IdentityIds.secretAccessKey();
        String sealed = AccessKeySecrets.seal(rootKey, keyId, secret);
        long now = clock.millis();
        String userName = generation.write(h -> {
            UserRow user = subject(h, ctx, r.userName());
            String userId = user == null ? null : user.userId();
            if (IamRepository.keys(h, ctx.accountId(), userId).size() >= ACCESS_KEYS_PER_USER) {
                throw ErrorCode.LimitExceeded.withMessage("Cannot exceed quota for AccessKeysPerUser: " + ACCESS_KEYS_PER_USER);
            }
            IamRepository.insertKey(h, new AccessKeyRow(keyId, ctx.accountId(), userId, KeyStatus.Active, now), sealed);
            return user == null ? null : user.userName();
        });
        return CreateAccessKeyResponse.builder().accessKey(AccessKey.builder().userName(userName).accessKeyId(keyId)
                .status(KeyStatus.Active.name()).secretAccessKey(secret).createDate(Instant.ofEpochMilli(now)).build())
                .build();
    }

    public ListAccessKeysResponse listAccessKeys(CallContext ctx, ListAccessKeysRequest r) {
        return catalog.read(h -> {
            UserRow user = subject(h, ctx, r.userName());
            String userName = user == null ? null : user.userName();
            List<AccessKeyRow> keys = IamRepository.keys(h, ctx.accountId(), user == null ? null : user.userId());
            IamPages.Page<AccessKeyRow> page = IamPages.page(keys, AccessKeyRow::accessKeyId, r.marker(), r.maxItems());
            return ListAccessKeysResponse.builder()
                    .accessKeyMetadata(page.items().stream().map(k -> AccessKeyMetadata.builder().userName(userName)
                            .accessKeyId(k.accessKeyId()).status(k.status().name())
                            .createDate(Instant.ofEpochMilli(k.createdAt())).build()).toList())
                    .isTruncated(page.truncated()).marker(page.marker()).build();
        });
    }

    public UpdateAccessKeyResponse updateAccessKey(CallContext ctx, UpdateAccessKeyRequest r) {
        IamNames.required(r.accessKeyId(), "accessKeyId");
        IamNames.required(r.statusAsString(), "status");
        KeyStatus status = KeyStatus.parse(r.statusAsString());
        if (status == null) {
            throw ErrorCode.ValidationError.withMessage("1 validation error detected: Value '" + r.statusAsString()
                    + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        generation.write(h -> {
            IamRepository.setKeyStatus(h, requireKey(h, ctx, r.userName(), r.accessKeyId()).accessKeyId(), status);
            return null;
        });
        return UpdateAccessKeyResponse.builder().build();
    }

    public DeleteAccessKeyResponse deleteAccessKey(CallContext ctx, DeleteAccessKeyRequest r) {
        IamNames.required(r.accessKeyId(), "accessKeyId");
        generation.write(h -> {
            IamRepository.deleteKey(h, requireKey(h, ctx, r.userName(), r.accessKeyId()).accessKeyId());
            return null;
        });
        return DeleteAccessKeyResponse.builder().build();
    }

    // --- inline policies

    public PutUserPolicyResponse putUserPolicy(CallContext ctx, PutUserPolicyRequest r) {
        IamNames.userName(r.userName(), "userName");
        IamNames.policyName(r.policyName());
        IamNames.required(r.policyDocument(), "policyDocument");
        dev.tern.iam.policy.Policy.parse(r.policyDocument());
        generation.write(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            int size = significantLength(r.policyDocument());
            for (String[] other : IamRepository.inlinePolicies(h, user.userId())) {
                if (!IamRepository.key(other[0]).equals(IamRepository.key(r.policyName()))) {
                    size += significantLength(other[1]);
                }
            }
            if (size > INLINE_USER_POLICIES_SIZE) {
                throw ErrorCode.LimitExceeded.withMessage("Maximum policy size of " + INLINE_USER_POLICIES_SIZE
                        + " bytes exceeded for user " + user.userName());
            }
            IamRepository.putInlinePolicy(h, user.userId(), r.policyName(), r.policyDocument());
            return null;
        });
        return PutUserPolicyResponse.builder().build();
    }

    public GetUserPolicyResponse getUserPolicy(CallContext ctx, GetUserPolicyRequest r) {
        IamNames.userName(r.userName(), "userName");
        IamNames.policyName(r.policyName());
        return catalog.read(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            String[] policy = IamRepository.inlinePolicies(h, user.userId()).stream()
                    .filter(p -> IamRepository.key(p[0]).equals(IamRepository.key(r.policyName()))).findFirst()
                    .orElseThrow(() -> ErrorCode.NoSuchEntity.withMessage("The user policy with name " + r.policyName()
                            + " cannot be found."));
            return GetUserPolicyResponse.builder().userName(user.userName()).policyName(policy[0])
                    .policyDocument(urlEncode(policy[1])).build();
        });
    }

    public ListUserPoliciesResponse listUserPolicies(CallContext ctx, ListUserPoliciesRequest r) {
        IamNames.userName(r.userName(), "userName");
        return catalog.read(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            List<String> names = IamRepository.inlinePolicies(h, user.userId()).stream().map(p -> p[0]).toList();
            IamPages.Page<String> page = IamPages.page(names, n -> n, r.marker(), r.maxItems());
            return ListUserPoliciesResponse.builder().policyNames(page.items()).isTruncated(page.truncated())
                    .marker(page.marker()).build();
        });
    }

    public DeleteUserPolicyResponse deleteUserPolicy(CallContext ctx, DeleteUserPolicyRequest r) {
        IamNames.userName(r.userName(), "userName");
        IamNames.policyName(r.policyName());
        generation.write(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            if (IamRepository.deleteInlinePolicy(h, user.userId(), r.policyName()) == 0) {
                throw ErrorCode.NoSuchEntity.withMessage("The user policy with name " + r.policyName() + " cannot be found.");
            }
            return null;
        });
        return DeleteUserPolicyResponse.builder().build();
    }

    // --- customer managed policies

    public CreatePolicyResponse createPolicy(CallContext ctx, CreatePolicyRequest r) {
        IamNames.policyName(r.policyName());
        String path = IamNames.path(r.path(), "path");
        IamNames.required(r.policyDocument(), "policyDocument");
        if (r.description() != null && r.description().length() > 1000) {
            throw ErrorCode.ValidationError.withMessage("1 validation error detected: Value at 'description' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 1000");
        }
        dev.tern.iam.policy.Policy.parse(r.policyDocument());
        if (significantLength(r.policyDocument()) > MANAGED_POLICY_SIZE) {
            throw ErrorCode.LimitExceeded.withMessage("Cannot exceed quota for PolicySize: " + MANAGED_POLICY_SIZE);
        }
        long now = clock.millis();
        PolicyRow policy = new PolicyRow(IdentityIds.policyId(), ctx.accountId(), r.policyName(), path, r.description(),
                r.policyDocument(), now, now, 0);
        generation.write(h -> {
            if (IamRepository.policy(h, ctx.accountId(), r.policyName()).isPresent()) {
                throw ErrorCode.EntityAlreadyExists.withMessage("A policy called " + r.policyName()
                        + " already exists. Duplicate names are not allowed.");
            }
            IamRepository.insertPolicy(h, policy);
            return null;
        });
        return CreatePolicyResponse.builder().policy(toPolicy(policy, false)).build();
    }

    public GetPolicyResponse getPolicy(CallContext ctx, GetPolicyRequest r) {
        IamNames.PolicyArn arn = IamNames.policyArn(r.policyArn());
        return GetPolicyResponse.builder()
                .policy(toPolicy(catalog.read(h -> requirePolicy(h, ctx, arn, r.policyArn(), false)), true)).build();
    }

    public DeletePolicyResponse deletePolicy(CallContext ctx, DeletePolicyRequest r) {
        IamNames.PolicyArn arn = IamNames.policyArn(r.policyArn());
        generation.write(h -> {
            PolicyRow policy = requirePolicy(h, ctx, arn, r.policyArn(), false);
            if (policy.attachments() > 0) {
                throw ErrorCode.DeleteConflict.withMessage("Cannot delete a policy attached to entities.");
            }
            IamRepository.deletePolicy(h, policy.policyId());
            return null;
        });
        return DeletePolicyResponse.builder().build();
    }

    public AttachUserPolicyResponse attachUserPolicy(CallContext ctx, AttachUserPolicyRequest r) {
        IamNames.userName(r.userName(), "userName");
        IamNames.PolicyArn arn = IamNames.policyArn(r.policyArn());
        generation.write(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            PolicyRow policy = requirePolicy(h, ctx, arn, r.policyArn(), true);
            IamRepository.attach(h, user.userId(), policy.policyId());
            return null;
        });
        return AttachUserPolicyResponse.builder().build();
    }

    public DetachUserPolicyResponse detachUserPolicy(CallContext ctx, DetachUserPolicyRequest r) {
        IamNames.userName(r.userName(), "userName");
        IamNames.PolicyArn arn = IamNames.policyArn(r.policyArn());
        generation.write(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            PolicyRow policy = requirePolicy(h, ctx, arn, r.policyArn(), false);
            if (IamRepository.detach(h, user.userId(), policy.policyId()) == 0) {
                throw ErrorCode.NoSuchEntity.withMessage("Policy " + r.policyArn() + " was not found.");
            }
            return null;
        });
        return DetachUserPolicyResponse.builder().build();
    }

    public ListAttachedUserPoliciesResponse listAttachedUserPolicies(CallContext ctx, ListAttachedUserPoliciesRequest r) {
        IamNames.userName(r.userName(), "userName");
        String prefix = r.pathPrefix() == null ? "/" : r.pathPrefix();
        return catalog.read(h -> {
            UserRow user = requireUser(h, ctx, r.userName());
            List<PolicyRow> attached = IamRepository.attachedPolicies(h, user.userId()).stream()
                    .filter(p -> p.path().startsWith(prefix)).toList();
            IamPages.Page<PolicyRow> page = IamPages.page(attached, PolicyRow::policyName, r.marker(), r.maxItems());
            return ListAttachedUserPoliciesResponse.builder()
                    .attachedPolicies(page.items().stream().map(p -> AttachedPolicy.builder().policyName(p.policyName())
                            .policyArn(p.arn()).build()).toList())
                    .isTruncated(page.truncated()).marker(page.marker()).build();
        });
    }

    // --- helpers

    private static UserRow requireUser(Handle h, CallContext ctx, String userName) {
        return IamRepository.user(h, ctx.accountId(), userName).orElseThrow(
                () -> ErrorCode.NoSuchEntity.withMessage("The user with name " + userName + " cannot be found."));
    }

    /** The user a request names, else the calling user; null for the account's root (its own keys). */
    private static UserRow subject(Handle h, CallContext ctx, String userName) {
        if (userName != null) {
            IamNames.userName(userName, "userName");
            return requireUser(h, ctx, userName);
        }
        return ctx.principal().isRoot() ? null : requireUser(h, ctx, ctx.principal().userName());
    }

    private static AccessKeyRow requireKey(Handle h, CallContext ctx, String userName, String accessKeyId) {
        UserRow user = subject(h, ctx, userName);
        return IamRepository.keys(h, ctx.accountId(), user == null ? null : user.userId()).stream()
                .filter(k -> k.accessKeyId().equals(accessKeyId)).findFirst()
                .orElseThrow(() -> ErrorCode.NoSuchEntity.withMessage("The Access Key with id " + accessKeyId
                        + " cannot be found."));
    }

    /** The policy an ARN names in the caller's account; another account's policy is one the caller cannot see. */
    private static PolicyRow requirePolicy(Handle h, CallContext ctx, IamNames.PolicyArn arn, String given,
            boolean attaching) {
        return IamRepository.policy(h, ctx.accountId(), arn.name())
                .filter(p -> arn.accountId().equals(ctx.accountId()) && p.path().equals(arn.path()))
                .orElseThrow(() -> ErrorCode.NoSuchEntity.withMessage(attaching
                        ? "Policy " + given + " does not exist or is not attachable."
                        : "Policy " + given + " was not found."));
    }

    private static User toUser(UserRow u) {
        return User.builder().path(u.path()).userName(u.userName()).userId(u.userId()).arn(u.arn())
                .createDate(Instant.ofEpochMilli(u.createdAt())).build();
    }

    private static Policy toPolicy(PolicyRow p, boolean withDescription) {
        return Policy.builder().policyName(p.policyName()).policyId(p.policyId()).arn(p.arn()).path(p.path())
                .defaultVersionId("v1").attachmentCount(p.attachments()).permissionsBoundaryUsageCount(0)
                .isAttachable(true).description(withDescription ? p.description() : null)
                .createDate(Instant.ofEpochMilli(p.createdAt())).updateDate(Instant.ofEpochMilli(p.updatedAt())).build();
    }

    /** IAM returns policy documents URL-encoded (RFC 3986: a space is %20, not '+'). */
    static String urlEncode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The length IAM's size quotas count: whitespace is not counted. */
    private static int significantLength(String document) {
        int n = 0;
        for (int i = 0; i < document.length(); i++) {
            if (!Character.isWhitespace(document.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
