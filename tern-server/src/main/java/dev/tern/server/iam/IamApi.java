package dev.tern.server.iam;

import dev.tern.account.CallContext;
import dev.tern.iam.IamService;
import dev.tern.iam.StsService;
import dev.tern.server.pipeline.Access;
import dev.tern.server.pipeline.Access.Target;
import dev.tern.server.pipeline.Operation;
import dev.tern.server.pipeline.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
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
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedUserPoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListUserPoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListUsersRequest;
import software.amazon.awssdk.services.iam.model.PutUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.UpdateAccessKeyRequest;
import software.amazon.awssdk.services.sts.model.DecodeAuthorizationMessageRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * The IAM and STS operations Tern serves (Query protocol, docs/iam.md), declared once. IAM names a user as
 * {@code arn:aws:iam::ACCOUNT:user/NAME} and a managed policy by its ARN; an operation on "the caller" (GetUser or
 * CreateAccessKey without UserName) acts on the caller's own user.
 */
public final class IamApi {
    private IamApi() {}

    public static List<Operation> operations(IamService iam, StsService sts) {
        List<Operation> ops = new ArrayList<>();
        ops.add(iam("CreateUser", CreateUserRequest::builder, iam::createUser, user(CreateUserRequest::userName), "UserName"));
        ops.add(iam("GetUser", GetUserRequest::builder, iam::getUser, user(GetUserRequest::userName)));
        ops.add(iam("ListUsers", ListUsersRequest::builder, iam::listUsers, Access.ANY));
        ops.add(iam("DeleteUser", DeleteUserRequest::builder, iam::deleteUser, user(DeleteUserRequest::userName), "UserName"));

        ops.add(iam("CreateAccessKey", CreateAccessKeyRequest::builder, iam::createAccessKey,
                user(CreateAccessKeyRequest::userName)));
        ops.add(iam("ListAccessKeys", ListAccessKeysRequest::builder, iam::listAccessKeys,
                user(ListAccessKeysRequest::userName)));
        ops.add(iam("UpdateAccessKey", UpdateAccessKeyRequest::builder, iam::updateAccessKey,
                user(UpdateAccessKeyRequest::userName), "AccessKeyId", "Status"));
        ops.add(iam("DeleteAccessKey", DeleteAccessKeyRequest::builder, iam::deleteAccessKey,
                user(DeleteAccessKeyRequest::userName), "AccessKeyId"));

        ops.add(iam("PutUserPolicy", PutUserPolicyRequest::builder, iam::putUserPolicy,
                user(PutUserPolicyRequest::userName), "UserName", "PolicyName", "PolicyDocument"));
        ops.add(iam("GetUserPolicy", GetUserPolicyRequest::builder, iam::getUserPolicy,
                user(GetUserPolicyRequest::userName), "UserName", "PolicyName"));
        ops.add(iam("ListUserPolicies", ListUserPoliciesRequest::builder, iam::listUserPolicies,
                user(ListUserPoliciesRequest::userName), "UserName"));
        ops.add(iam("DeleteUserPolicy", DeleteUserPolicyRequest::builder, iam::deleteUserPolicy,
                user(DeleteUserPolicyRequest::userName), "UserName", "PolicyName"));

        ops.add(iam("CreatePolicy", CreatePolicyRequest::builder, iam::createPolicy,
                (ctx, r) -> List.of(Target.of(arn(ctx, "policy/" + ((CreatePolicyRequest) r).policyName()))),
                "PolicyName", "PolicyDocument"));
        ops.add(iam("GetPolicy", GetPolicyRequest::builder, iam::getPolicy, policy(GetPolicyRequest::policyArn),
                "PolicyArn"));
        ops.add(iam("DeletePolicy", DeletePolicyRequest::builder, iam::deletePolicy,
                policy(DeletePolicyRequest::policyArn), "PolicyArn"));
        ops.add(iam("AttachUserPolicy", AttachUserPolicyRequest::builder, iam::attachUserPolicy,
                user(AttachUserPolicyRequest::userName), "UserName", "PolicyArn"));
        ops.add(iam("DetachUserPolicy", DetachUserPolicyRequest::builder, iam::detachUserPolicy,
                user(DetachUserPolicyRequest::userName), "UserName", "PolicyArn"));
        ops.add(iam("ListAttachedUserPolicies", ListAttachedUserPoliciesRequest::builder,
                iam::listAttachedUserPolicies, user(ListAttachedUserPoliciesRequest::userName), "UserName"));

        // Anyone who can sign may ask who they are: AWS never refuses GetCallerIdentity.
        ops.add(Operation.of(Service.STS, "GetCallerIdentity", GetCallerIdentityRequest::builder,
                sts::getCallerIdentity).access(Access.NONE_NEEDED).build());
        ops.add(Operation.of(Service.STS, "DecodeAuthorizationMessage", DecodeAuthorizationMessageRequest::builder,
                sts::decodeAuthorizationMessage).required("EncodedMessage").build());
        return ops;
    }

    private static <Q> Operation iam(String name, Supplier<?> builder, BiFunction<CallContext, Q, ?> handler,
            Access access, String... required) {
        return Operation.of(Service.IAM, name, builder, handler).access(access).required(required).build();
    }

    /** The user a member names; the caller's own user when it names none. */
    @SuppressWarnings("unchecked")
    private static <Q> Access user(Function<Q, String> name) {
        return (ctx, request) -> {
            String userName = name.apply((Q) request);
            if (userName == null) {
                return List.of(Target.of(ctx.principal().arn()));
            }
            return List.of(Target.of(arn(ctx, "user/" + userName)));
        };
    }

    @SuppressWarnings("unchecked")
    private static <Q> Access policy(Function<Q, String> arn) {
        return (ctx, request) -> List.of(Target.of(arn.apply((Q) request)));
    }

    private static String arn(CallContext ctx, String resource) {
        return "arn:aws:iam::" + ctx.accountId() + ":" + resource;
    }
}
