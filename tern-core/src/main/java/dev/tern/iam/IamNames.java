package dev.tern.iam;

import dev.tern.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * IAM's checks of names, paths and ARNs, with its ValidationError wording ("1 validation error detected: Value 'x'
 * at 'userName' failed to satisfy constraint: ...").
 */
final class IamNames {
    static final String NAME_PATTERN = "[\\w+=,.@-]+";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final String PATH_PATTERN = "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)";
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]+/");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws:iam::([0-9]{12}):policy(/|/[\\x21-\\x7E]*/)([\\w+=,.@-]+)");

    /** A customer managed policy's ARN, taken apart. */
    record PolicyArn(String accountId, String path, String name) {}

    private IamNames() {}

    static void userName(String value, String member) {
        name(value, member, 64);
    }

    static void policyName(String value) {
        name(value, "policyName", 128);
    }

    /** The path, "/" when none was given. */
    static String path(String value, String member) {
        if (value == null) {
            return "/";
        }
        length(value, member, 1, 512);
        if (!PATH.matcher(value).matches()) {
            throw invalid(value, member, "Member must satisfy regular expression pattern: " + PATH_PATTERN);
        }
        return value;
    }

    static void required(Object value, String member) {
        if (value == null) {
            throw ErrorCode.ValidationError.withMessage("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
    }

    static PolicyArn policyArn(String arn) {
        required(arn, "policyArn");
        length(arn, "policyArn", 20, 2048);
        var m = POLICY_ARN.matcher(arn);
        if (!m.matches()) {
            throw ErrorCode.InvalidInput.withMessage("ARN " + arn + " is not valid.");
        }
        return new PolicyArn(m.group(1), m.group(2), m.group(3));
    }

    /** MaxItems: 1 to 1000, 100 when not given. */
    static int maxItems(Integer value) {
        if (value == null) {
            return 100;
        }
        if (value < 1 || value > 1000) {
            throw invalid(String.valueOf(value), "maxItems", value < 1
                    ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to 1000");
        }
        return value;
    }

    private static void name(String value, String member, int max) {
        required(value, member);
        length(value, member, 1, max);
        if (!NAME.matcher(value).matches()) {
            throw invalid(value, member, "Member must satisfy regular expression pattern: " + NAME_PATTERN);
        }
    }

    private static void length(String value, String member, int min, int max) {
        if (value.length() < min) {
            throw invalid(value, member, "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw invalid(value, member, "Member must have length less than or equal to " + max);
        }
    }

    private static RuntimeException invalid(String value, String member, String constraint) {
        return ErrorCode.ValidationError.withMessage("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }
}
