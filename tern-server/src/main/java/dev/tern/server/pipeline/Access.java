package dev.tern.server.pipeline;

import dev.tern.account.CallContext;
import java.util.List;

/**
 * What a call acts on, for authorization: the resources a policy's Resource element is matched against. Only
 * computed for callers whose policies are evaluated (IAM users), so the root's calls never pay for it.
 */
@FunctionalInterface
public interface Access {
    List<Target> targets(CallContext ctx, Object request);

    /**
     * A resource by ARN; {@code resourceId} and {@code region} name an existing EC2 resource whose tags and
     * attributes conditions may ask about, null for one the call creates or for a non-EC2 resource.
     */
    record Target(String arn, String resourceId, String region) {
        public static final Target ALL = new Target("*", null, null);

        public static Target of(String arn) {
            return new Target(arn, null, null);
        }
    }

    /** Actions that name no resource (Describe*, List*, Create* of untagged things): the Resource is "*". */
    Access ANY = (ctx, request) -> List.of(Target.ALL);

    /** Actions any signed caller may make, which no policy can refuse (STS GetCallerIdentity). */
    Access NONE_NEEDED = (ctx, request) -> List.of();

    /**
     * The service decides, with the resource in hand: KMS combines the key's policy, its grants and the caller's
     * identity policies (docs/iam.md). The service answers DryRun too, once it has decided: KMS operations on a key
     * are declared {@code serviceAnswersDryRun}.
     */
    Access BY_SERVICE = (ctx, request) -> List.of();
}
