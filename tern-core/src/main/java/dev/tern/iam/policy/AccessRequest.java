package dev.tern.iam.policy;

import static java.util.Objects.requireNonNull;

/**
 * One request as policies see it: who asks (the principal's ARN and account), for which action
 * ({@code ec2:CopyImage}), on which resource (an ARN; {@code "*"} for actions that name no resource, such as
 * {@code ec2:DescribeImages}), with which condition keys.
 */
public record AccessRequest(String principalArn, String principalAccount, String action, String resource,
        ConditionKeys conditionKeys) {
    public AccessRequest {
        requireNonNull(principalArn, "principalArn is null");
        requireNonNull(principalAccount, "principalAccount is null");
        requireNonNull(action, "action is null");
        resource = resource == null ? "*" : resource;
        conditionKeys = conditionKeys == null ? new ConditionKeys() : conditionKeys;
    }

    /** The same request for another resource (CopyImage authorizes the new image, the source and its snapshots). */
    public AccessRequest forResource(String otherResource) {
        return new AccessRequest(principalArn, principalAccount, action, otherResource, conditionKeys);
    }

    /** The same request for another action (CopyImage with tags also needs {@code ec2:CreateTags}). */
    public AccessRequest forAction(String otherAction) {
        return new AccessRequest(principalArn, principalAccount, otherAction, resource, conditionKeys);
    }
}
