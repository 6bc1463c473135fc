package dev.tern.iam.policy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One compiled test of a Condition block: an operator (with its IfExists suffix and set qualifier) applied to one
 * key and the values the policy lists for it. Values are compiled once, at parse: wildcards to {@link Glob} and
 * {@link ArnPattern}, numbers and dates to doubles and epoch milliseconds, CIDRs to {@link IpRange}s.
 *
 * <p>The rules, as IAM documents them: several policy values are alternatives (any may match). A missing key
 * makes a positive operator false and a negated one true; IfExists makes it true either way; Null tests presence
 * only. A key with several values: without a qualifier the operator holds when any value matches (a negated one
 * when none does); ForAnyValue holds when at least one value passes the operator, ForAllValues when every value
 * does, so ForAllValues holds and ForAnyValue fails for a missing key.
 */
final class Condition {
    enum Qualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    private final ConditionOperator operator;
    private final Qualifier qualifier;
    private final boolean ifExists;
    private final String key;
    private final String[] strings;
    private final Glob[] globs;
    private final ArnPattern[] arns;
    private final double[] numbers;
    private final IpRange[] ranges;

    Condition(ConditionOperator operator, Qualifier qualifier, boolean ifExists, String key, List<String> values) {
        this.operator = operator;
        this.qualifier = qualifier;
        this.ifExists = ifExists;
        this.key = ConditionKeys.normalize(key);
        int n = values.size();
        String[] s = null;
        Glob[] g = null;
        ArnPattern[] a = null;
        double[] d = null;
        IpRange[] r = null;
        switch (operator.family) {
            case STRING, STRING_IGNORE_CASE, BOOL, NULL -> s = values.toArray(String[]::new);
            case STRING_LIKE -> g = values.stream().map(v -> new Glob(v, false)).toArray(Glob[]::new);
            case ARN -> a = values.stream().map(ArnPattern::new).toArray(ArnPattern[]::new);
            case IP -> r = values.stream().map(IpRange::parse).toArray(IpRange[]::new);
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE -> {
                d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = number(values.get(i));
                }
            }
            default -> {
                d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = date(values.get(i));
                }
            }
        }
        strings = s;
        globs = g;
        arns = a;
        numbers = d;
        ranges = r;
    }

    boolean holds(ConditionKeys keys) {
        List<String> actual = keys.getNormalized(key);
        if (operator == ConditionOperator.Null) {
            boolean missing = actual == null;
            for (String v : strings) {
                if (v.equalsIgnoreCase("true") == missing) {
                    return true;
                }
            }
            return false;
        }
        if (actual == null) {
            if (ifExists) {
                return true;
            }
            return switch (qualifier) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> operator.negated;
            };
        }
        switch (qualifier) {
            case FOR_ANY_VALUE -> {
                for (int i = 0, n = actual.size(); i < n; i++) {
                    if (matches(actual.get(i)) != operator.negated) {
                        return true;
                    }
                }
                return false;
            }
            case FOR_ALL_VALUES -> {
                for (int i = 0, n = actual.size(); i < n; i++) {
                    if (matches(actual.get(i)) == operator.negated) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                boolean any = false;
                for (int i = 0, n = actual.size(); i < n && !any; i++) {
                    any = matches(actual.get(i));
                }
                return any != operator.negated;
            }
        }
    }

    /** Whether one request value matches any policy value under the positive form of the operator. */
    private boolean matches(String value) {
        switch (operator.family) {
            case STRING -> {
                for (String s : strings) {
                    if (s.equals(value)) {
                        return true;
                    }
                }
            }
            case STRING_IGNORE_CASE -> {
                for (String s : strings) {
                    if (s.equalsIgnoreCase(value)) {
                        return true;
                    }
                }
            }
            case BOOL -> {
                for (String s : strings) {
                    if (s.equalsIgnoreCase(value)) {
                        return true;
                    }
                }
            }
            case STRING_LIKE -> {
                for (Glob g : globs) {
                    if (g.matches(value)) {
                        return true;
                    }
                }
            }
            case ARN -> {
                for (ArnPattern a : arns) {
                    if (a.matches(value)) {
                        return true;
                    }
                }
            }
            case IP -> {
                for (IpRange r : ranges) {
                    if (r != null && r.contains(value)) {
                        return true;
                    }
                }
            }
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE -> {
                return compares(number(value));
            }
            case NULL -> {
                return false;
            }
            default -> {
                return compares(date(value));
            }
        }
        return false;
    }

    private boolean compares(double actual) {
        if (Double.isNaN(actual)) {
            return false;
        }
        for (double expected : numbers) {
            if (Double.isNaN(expected)) {
                continue;
            }
            int c = Double.compare(actual, expected);
            boolean ok = switch (operator.family) {
                case NUMERIC_EQ, DATE_EQ -> c == 0;
                case NUMERIC_LT, DATE_LT -> c < 0;
                case NUMERIC_LE, DATE_LE -> c <= 0;
                case NUMERIC_GT, DATE_GT -> c > 0;
                default -> c >= 0;
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** A decimal number, or NaN (which matches nothing) for anything else. */
    static double number(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return Double.NaN;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** An ISO 8601 date-time (with an offset or Z) or epoch seconds, as epoch milliseconds; NaN otherwise. */
    static double date(String text) {
        double seconds = number(text);
        if (!Double.isNaN(seconds)) {
            return seconds * 1000;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return Double.NaN;
            }
        }
    }
}
