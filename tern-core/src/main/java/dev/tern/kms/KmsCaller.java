package dev.tern.kms;

import dev.tern.account.CallContext;
import dev.tern.iam.policy.IdentityPolicies;

/**
 * Who uses a key: a principal of an account (its root or an IAM user, with what its identity policies allow), in a
 * Region, either directly or through an AWS service acting for it (EBS reading an encrypted snapshot calls KMS
 * through {@code ec2}), which is what kms:ViaService conditions look at.
 *
 * @param principalArn the caller's ARN; the root's is {@code arn:PARTITION:iam::ACCOUNT:root}
 */
public record KmsCaller(String accountId, String region, String partition, String viaService, String principalArn,
        IdentityPolicies identity) {

    public static KmsCaller direct(CallContext ctx) {
        return of(ctx, null);
    }

    /** A call {@code service} (e.g. {@code ec2}) makes for the caller of {@code ctx}. */
    public static KmsCaller through(String service, CallContext ctx) {
        return of(ctx, KeyPolicy.viaService(service, ctx.regionName()));
    }

    private static KmsCaller of(CallContext ctx, String viaService) {
        String partition = ctx.region().partition().id();
        String arn = ctx.principal().isRoot() ? KeyArns.rootPrincipal(partition, ctx.accountId()) : ctx.principal().arn();
        return new KmsCaller(ctx.accountId(), ctx.regionName(), partition, viaService, arn, ctx.identity());
    }
}
