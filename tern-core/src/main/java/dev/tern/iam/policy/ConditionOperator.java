package dev.tern.iam.policy;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The condition operators of the IAM policy language, without their IfExists suffix and ForAllValues: /
 * ForAnyValue: prefix. A negated operator (StringNotEquals, ArnNotLike, NotIpAddress, ...) is stored as the
 * positive test it negates, so the missing-key and set rules are written once, in {@link Condition}.
 */
enum ConditionOperator {
    StringEquals(Family.STRING, false), StringNotEquals(Family.STRING, true),
    StringEqualsIgnoreCase(Family.STRING_IGNORE_CASE, false), StringNotEqualsIgnoreCase(Family.STRING_IGNORE_CASE, true),
    StringLike(Family.STRING_LIKE, false), StringNotLike(Family.STRING_LIKE, true),
    NumericEquals(Family.NUMERIC_EQ, false), NumericNotEquals(Family.NUMERIC_EQ, true),
    NumericLessThan(Family.NUMERIC_LT, false), NumericLessThanEquals(Family.NUMERIC_LE, false),
    NumericGreaterThan(Family.NUMERIC_GT, false), NumericGreaterThanEquals(Family.NUMERIC_GE, false),
    DateEquals(Family.DATE_EQ, false), DateNotEquals(Family.DATE_EQ, true),
    DateLessThan(Family.DATE_LT, false), DateLessThanEquals(Family.DATE_LE, false),
    DateGreaterThan(Family.DATE_GT, false), DateGreaterThanEquals(Family.DATE_GE, false),
    Bool(Family.BOOL, false),
    BinaryEquals(Family.STRING, false),
    IpAddress(Family.IP, false), NotIpAddress(Family.IP, true),
    ArnEquals(Family.ARN, false), ArnLike(Family.ARN, false), ArnNotEquals(Family.ARN, true), ArnNotLike(Family.ARN, true),
    Null(Family.NULL, false);

    /** How values are compiled and compared; the same for an operator and its negation. */
    enum Family {
        STRING, STRING_IGNORE_CASE, STRING_LIKE, NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE,
        DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE, BOOL, IP, ARN, NULL
    }

    private static final Map<String, ConditionOperator> BY_NAME = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (ConditionOperator op : values()) {
            BY_NAME.put(op.name(), op);
        }
    }

    final Family family;
    final boolean negated;

    ConditionOperator(Family family, boolean negated) {
        this.family = family;
        this.negated = negated;
    }

    /** The operator named {@code name} (IAM accepts operator names in any case), or null. */
    static ConditionOperator named(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
