package dev.tern.server.ec2;

import dev.tern.account.CallContext;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;

/**
 * One EC2 action: how to make its (SDK model) request builder, which members botocore's model marks
 * required, and the service call that answers it. The wire format is derived from the model, never written here.
 *
 * @param action the Query {@code Action}, e.g. DescribeImages
 * @param newRequestBuilder e.g. {@code DescribeImagesRequest::builder} (SDK builders are SdkPojos)
 * @param required query names of the required members, e.g. {@code Name}
 * @param handler the service operation
 * @param checksDryRun whether the service answers DryRun itself, after the checks it can make without changing
 *     anything; otherwise the adapter answers DryRun as soon as the request is read
 */
public record Ec2Operation<Q, R extends SdkPojo>(String action, Supplier<?> newRequestBuilder, Set<String> required,
        BiFunction<CallContext, Q, R> handler, boolean checksDryRun) {

    public static <Q, R extends SdkPojo> Ec2Operation<Q, R> of(String action, Supplier<?> builder,
            BiFunction<CallContext, Q, R> handler, String... required) {
        return new Ec2Operation<>(action, builder, Set.of(required), handler, false);
    }

    /** An action whose service checks the request before answering DryRun (CopyImage, CopySnapshot). */
    public static <Q, R extends SdkPojo> Ec2Operation<Q, R> checkingDryRun(String action, Supplier<?> builder,
            BiFunction<CallContext, Q, R> handler, String... required) {
        return new Ec2Operation<>(action, builder, Set.of(required), handler, true);
    }
}
