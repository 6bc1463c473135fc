package dev.tern.server.fuzz;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Counts, per served action, the requests sent and those that got past the signature check, the reading of Action,
 * Version and members, and the required-member check to the operation's service: what tells whether the schema
 * feeds every action, not only the easy ones. Judged from the answer: a 2xx, or an error none of those steps raises.
 */
final class Reach {
    /** Codes raised only by the steps before the service (SigV4, Query parsing, DryRun once authorized). */
    private static final Set<String> BEFORE_SERVICE = Set.of("AuthFailure", "SignatureDoesNotMatch",
            "IncompleteSignature", "RequestExpired", "MissingAuthenticationToken", "InvalidAction", "MissingAction",
            "NoSuchVersion", "UnknownParameter", "MalformedQueryString", "InvalidRequest", "DryRunOperation",
            "UnauthorizedOperation");
    /** The Query reader's own messages for a member of the wrong type (services word theirs differently). */
    private static final Pattern READER_VALUE = Pattern.compile("Value \\(.*\\) for parameter .* is invalid\\. "
            + "Expected (an integer|a boolean|a number|an ISO-8601 timestamp|base64-encoded data)\\.|"
            + "No value was given for parameter .*|Invalid value '.*' for .*: a structure was expected\\.",
            Pattern.DOTALL);
    private static final Pattern MISSING = Pattern.compile("The request must contain the parameter (.*)\\.",
            Pattern.DOTALL);

    private final Map<String, Set<String>> requiredByAction;
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reached = new ConcurrentHashMap<>();

    /** {@code requiredByAction}: each served action's required members, which the parser checks. */
    Reach(Map<String, Set<String>> requiredByAction) {
        this.requiredByAction = requiredByAction;
    }

    /** Counts one answer to {@code action} (ignored unless served): its error code and message, or null for a 2xx. */
    void count(String action, String code, String message) {
        Set<String> required = action == null ? null : requiredByAction.get(action);
        if (required == null) {
            return;
        }
        sent.computeIfAbsent(action, k -> new LongAdder()).increment();
        if (code == null || !beforeService(code, message, required)) {
            reached.computeIfAbsent(action, k -> new LongAdder()).increment();
        }
    }

    private static boolean beforeService(String code, String message, Set<String> required) {
        if (BEFORE_SERVICE.contains(code)) {
            return true;
        }
        if (code.equals("InvalidParameterValue")) {
            return READER_VALUE.matcher(message).matches();
        }
        if (code.equals("MissingParameter")) {
            var m = MISSING.matcher(message);
            return m.matches() && (m.group(1).equals("Version") || required.contains(m.group(1)));
        }
        return false;
    }

    /** {@code Action=reached/sent} for every served action, in name order. */
    Map<String, String> summary() {
        Map<String, String> out = new TreeMap<>();
        for (String action : requiredByAction.keySet()) {
            long s = sent.getOrDefault(action, new LongAdder()).sum();
            out.put(action, reached.getOrDefault(action, new LongAdder()).sum() + "/" + s);
        }
        return out;
    }
}
