package dev.tern.server.pipeline;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.iam.AuthorizationFailure;
import dev.tern.iam.StsService;
import dev.tern.iam.policy.AccessDecision;
import dev.tern.iam.policy.AccessRequest;
import dev.tern.iam.policy.ConditionKeys;
import dev.tern.iam.policy.IdentityPolicies;
import dev.tern.server.pipeline.Access.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Authorization as IAM does it, for IAM users: each resource the call acts on must be allowed by the user's identity
 * policies, and an explicit Deny anywhere refuses (docs/iam.md). An account's root is not limited by policies.
 * Operations that leave it to the service (KMS, with the key in hand) pass here; those that need no permission
 * (GetCallerIdentity) always do. A call that creates tagged resources (TagSpecifications) also needs
 * {@code ec2:CreateTags} on them, as EC2 asks.
 */
public final class PolicyAuthorizer implements Authorizer {
    /** The tags of an existing resource, for aws:ResourceTag/KEY and ec2:ResourceTag/KEY. */
    @FunctionalInterface
    public interface ResourceTags {
        Map<String, String> of(CallContext ctx, Target target);
    }

    private final ResourceTags resourceTags;
    private final StsService sts;
    private final Clock clock;

    public PolicyAuthorizer(ResourceTags resourceTags, StsService sts, Clock clock) {
        this.resourceTags = resourceTags;
        this.sts = sts;
        this.clock = clock;
    }

    @Override
    public void authorize(CallContext ctx, Operation op, Object request, String sourceIp) {
        IdentityPolicies identity = ctx.identity();
        if (identity.isRoot() || op.access() == Access.NONE_NEEDED || op.access() == Access.BY_SERVICE) {
            return;
        }
        Map<String, String> requestTags = RequestTags.of(request);
        ConditionKeys keys = requestKeys(ctx, request, sourceIp, requestTags, clock.instant());
        boolean asksResourceTags = mentionsResourceTags(identity);
        List<Target> targets = op.access().targets(ctx, request);
        for (Target target : targets) {
            ConditionKeys k = keys;
            if (asksResourceTags && target.resourceId() != null) {
                k = keys.copy();
                for (Map.Entry<String, String> tag : resourceTags.of(ctx, target).entrySet()) {
                    k.put("aws:ResourceTag/" + tag.getKey(), tag.getValue());
                    k.put("ec2:ResourceTag/" + tag.getKey(), tag.getValue());
                }
            }
            check(ctx, identity, new AccessRequest(ctx.principal().arn(), ctx.accountId(), op.iamAction(),
                    target.arn(), k), op);
        }
        if (op.service() == Service.EC2 && !requestTags.isEmpty() && hasMember(request, "TagSpecifications")) {
            for (Target target : targets) {
                if (target.resourceId() == null && !"*".equals(target.arn())) {
                    check(ctx, identity, new AccessRequest(ctx.principal().arn(), ctx.accountId(), "ec2:CreateTags",
                            target.arn(), keys.copy().put("ec2:CreateAction", op.name())), op);
                }
            }
        }
    }

    private void check(CallContext ctx, IdentityPolicies identity, AccessRequest r, Operation op) {
        AccessDecision d = identity.decide(r);
        if (d.allowed()) {
            return;
        }
        String why = d == AccessDecision.EXPLICIT_DENY ? "with an explicit deny in an identity-based policy"
                : "because no identity-based policy allows the " + r.action() + " action";
        String message = "User: " + r.principalArn() + " is not authorized to perform: " + r.action() + " on resource: "
                + r.resource() + " " + why;
        if (op.service() == Service.EC2) {
            // EC2 hides the detail in a message only STS DecodeAuthorizationMessage opens.
            String encoded = sts.encode(new AuthorizationFailure(d == AccessDecision.EXPLICIT_DENY, List.of(),
                    r.action(), r.resource(), ctx.principal(), r.conditionKeys().asMap()));
            message = "You are not authorized to perform this operation. " + message
                    + ". Encoded authorization failure message: " + encoded;
        }
        throw ErrorCode.UnauthorizedOperation.withMessage(message);
    }

    private static ConditionKeys requestKeys(CallContext ctx, Object request, String sourceIp,
            Map<String, String> requestTags, Instant now) {
        ConditionKeys keys = new ConditionKeys()
                .put("aws:RequestedRegion", ctx.regionName())
                .put("aws:PrincipalArn", ctx.principal().arn())
                .put("aws:PrincipalAccount", ctx.accountId())
                .put("aws:PrincipalType", "User")
                .put("aws:userid", ctx.principal().userId())
                .put("aws:username", ctx.principal().userName())
                .put("aws:CurrentTime", now.toString());
        if (sourceIp != null) {
            keys.put("aws:SourceIp", sourceIp);
        }
        if (!requestTags.isEmpty()) {
            requestTags.forEach((k, v) -> keys.put("aws:RequestTag/" + k, v));
            keys.put("aws:TagKeys", new ArrayList<>(requestTags.keySet()));
        }
        Object encrypted = member(request, "Encrypted");
        if (encrypted instanceof Boolean b) {
            keys.put("ec2:Encrypted", b.toString());
        }
        return keys;
    }

    private static boolean mentionsResourceTags(IdentityPolicies identity) {
        for (var p : identity.policies()) {
            if (p.document().contains("ResourceTag/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMember(Object request, String name) {
        Object v = member(request, name);
        return v instanceof List<?> l && !l.isEmpty();
    }

    private static Object member(Object request, String name) {
        if (request instanceof SdkPojo pojo) {
            for (SdkField<?> f : pojo.sdkFields()) {
                if (f.memberName().equals(name)) {
                    return f.getValueOrDefault(pojo);
                }
            }
        }
        return null;
    }
}
