package dev.tern.kms;

import dev.tern.account.CallContext;

/**
 * Who uses a key: an account, in a Region, either directly or through an AWS service acting for it (EBS reading an
 * encrypted snapshot calls KMS through {@code ec2}), which is what kms:ViaService conditions look at.
 */
public record KmsCaller(String accountId, String region, String partition, String viaService) {

    public static KmsCaller direct(CallContext ctx) {
        return new KmsCaller(ctx.accountId(), ctx.regionName(), ctx.region().partition().id(), null);
    }

    /** A call {@code service} (e.g. {@code ec2}) makes for the caller of {@code ctx}. */
    public static KmsCaller through(String service, CallContext ctx) {
        return new KmsCaller(ctx.accountId(), ctx.regionName(), ctx.region().partition().id(),
                KeyPolicy.viaService(service, ctx.regionName()));
    }

    public String principalArn() {
        return KeyArns.rootPrincipal(partition, accountId);
    }
}
