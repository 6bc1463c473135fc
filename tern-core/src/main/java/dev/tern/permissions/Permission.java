package dev.tern.permissions;

import dev.tern.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * One grant of an image's launch permission or a snapshot's createVolumePermission: to an account, to everyone
 * (group {@code all}), or to an AWS Organizations organization or organizational unit.
 */
public record Permission(Kind kind, String value) {
    /** The kinds of grantee, with the name each has in the catalogue. */
    public enum Kind {
        USER("user"), GROUP("group"), ORG("org"), OU("ou");

        private final String dbName;

        Kind(String dbName) {
            this.dbName = dbName;
        }

        public String dbName() {
            return dbName;
        }

        public static Kind fromDb(String name) {
            for (Kind k : values()) {
                if (k.dbName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalStateException("unknown permission kind in the catalogue: " + name);
        }
    }

    public static final Permission PUBLIC = new Permission(Kind.GROUP, "all");

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern ORG_ARN = Pattern.compile("arn:aws[a-z-]*:organizations::[0-9]{12}:organization/o-[a-z0-9]{10,32}");
    private static final Pattern OU_ARN = Pattern.compile(
            "arn:aws[a-z-]*:organizations::[0-9]{12}:ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");

    public static Permission user(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw ErrorCode.InvalidUserID_Malformed.format(accountId);
        }
        return new Permission(Kind.USER, accountId);
    }

    public static Permission group(String group) {
        if (!"all".equals(group)) {
            throw ErrorCode.InvalidParameterValue.withMessage("Invalid value '" + group
                    + "' for group. The only supported group is 'all'.");
        }
        return PUBLIC;
    }

    public static Permission organization(String arn) {
        if (arn == null || !ORG_ARN.matcher(arn).matches()) {
            throw ErrorCode.InvalidParameterValue.withMessage("Invalid organization ARN: " + arn);
        }
        return new Permission(Kind.ORG, arn);
    }

    public static Permission organizationalUnit(String arn) {
        if (arn == null || !OU_ARN.matcher(arn).matches()) {
            throw ErrorCode.InvalidParameterValue.withMessage("Invalid organizational unit ARN: " + arn);
        }
        return new Permission(Kind.OU, arn);
    }

    public static boolean isAccountId(String s) {
        return s != null && ACCOUNT_ID.matcher(s).matches();
    }
}
