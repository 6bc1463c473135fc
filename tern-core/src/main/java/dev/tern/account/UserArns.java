package dev.tern.account;

/** IAM's ARNs for users and customer managed policies: global, so no Region; the path sits between type and name. */
public final class UserArns {
    private UserArns() {}

    /** {@code arn:aws:iam::ACCOUNT:user/PATH/NAME}; the path begins and ends with '/'. */
    public static String user(String accountId, String path, String userName) {
        return "arn:aws:iam::" + accountId + ":user" + path + userName;
    }

    public static String policy(String accountId, String path, String policyName) {
        return "arn:aws:iam::" + accountId + ":policy" + path + policyName;
    }
}
