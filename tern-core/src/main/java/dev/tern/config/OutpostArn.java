package dev.tern.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code arn:PARTITION:outposts:REGION:ACCOUNT:outpost/op-17HEX}, parsed. */
public record OutpostArn(String arn, String partition, String region, String accountId, String outpostId) {
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):outposts:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):outpost/(op-[0-9a-f]{17})");

    /** The parsed ARN, or null when {@code text} is not an Outpost ARN. */
    public static OutpostArn parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ARN.matcher(text);
        return m.matches() ? new OutpostArn(text, m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }
}
