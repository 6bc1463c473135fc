package dev.tern.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an injected client parameter ({@code Ec2Client}, {@code EbsClient}, {@code KmsClient}, {@code OutpostsClient}):
 * the Region and account it works in. Without it a client works in the extension's first Region as its first account.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface TernClient {
    /** The Region name; empty means the extension's first Region. */
    String region() default "";

    /** The account id; empty means the extension's first account. */
    String account() default "";
}
