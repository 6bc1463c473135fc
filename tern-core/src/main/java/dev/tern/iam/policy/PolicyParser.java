package dev.tern.iam.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy document as IAM does and compiles it, refusing what IAM refuses with its words (docs/iam.md
 * lists them). Anything that is not the grammar (a field IAM does not know, a wrong JSON type, an unknown condition
 * operator, a duplicate JSON key) is "Syntax errors in policy.", which is what IAM says for those.
 */
final class PolicyParser {
    static final String SYNTAX = "Syntax errors in policy.";
    static final String VERSION = "Policy document must be version 2012-10-17 or greater.";
    static final String LEGACY = "The policy failed legacy parsing";
    static final String NO_EFFECT = "Missing required field Effect";
    static final String NO_ACTIONS = "Policy statement must contain actions.";
    static final String NO_RESOURCES = "Policy statement must contain resources.";
    static final String NO_PRINCIPAL = "Missing required field Principal";
    static final String HAS_PRINCIPAL = "Policy document should not specify a principal.";
    static final String BAD_PRINCIPAL = "Policy contains a statement with one or more invalid principals.";
    static final String NO_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    static final String ONE_COLON = "Actions/Condition can contain only one colon.";
    static final String SID_UNIQUE = "Statement IDs (SID) in a single policy must be unique.";
    static final String SID_ALNUM = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
            + "regular expression [0-9A-Za-z]*";

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
    private static final Set<String> FIELDS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_KINDS = Set.of("AWS", "Service", "Federated", "CanonicalUser");

    private PolicyParser() {}

    static List<Statement> parse(String json, PolicyKind kind) {
        JsonNode root;
        try {
            root = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(SYNTAX);
        }
        if (root == null || !root.isObject()) {
            throw malformed(SYNTAX);
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!TOP.contains(f)) {
                throw malformed(SYNTAX);
            }
        });
        version(root.get("Version"), kind);
        if (root.has("Id") && !root.get("Id").isTextual()) {
            throw malformed(SYNTAX);
        }
        JsonNode statements = root.get("Statement");
        if (statements == null || !(statements.isObject() || statements.isArray())) {
            throw malformed(SYNTAX);
        }
        List<Statement> out = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
            out.add(statement(s, kind, sids));
        }
        return out;
    }

    private static void version(JsonNode version, PolicyKind kind) {
        if (version == null) {
            if (kind == PolicyKind.IDENTITY) {
                throw malformed(VERSION);
            }
            return;
        }
        if (!version.isTextual()) {
            throw malformed(SYNTAX);
        }
        switch (version.asText()) {
            case "2012-10-17" -> { }
            case "2008-10-17" -> {
                if (kind == PolicyKind.IDENTITY) {
                    throw malformed(VERSION);
                }
            }
            default -> throw malformed(LEGACY);
        }
    }

    private static Statement statement(JsonNode s, PolicyKind kind, Set<String> sids) {
        if (!s.isObject()) {
            throw malformed(SYNTAX);
        }
        s.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw malformed(SYNTAX);
            }
        });
        String sid = null;
        if (s.has("Sid")) {
            if (!s.get("Sid").isTextual()) {
                throw malformed(SYNTAX);
            }
            sid = s.get("Sid").asText();
            // KMS key policies use spaces in their Sids (AWS's own default policy does); IAM allows only [0-9A-Za-z].
            if (kind == PolicyKind.IDENTITY && !sid.chars().allMatch(PolicyParser::alphanumeric)) {
                throw malformed(SID_ALNUM);
            }
            if (!sid.isEmpty() && !sids.add(sid)) {
                throw malformed(SID_UNIQUE);
            }
        }
        JsonNode effect = s.get("Effect");
        if (effect == null) {
            throw malformed(NO_EFFECT);
        }
        if (!effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw malformed(SYNTAX);
        }
        boolean notAction = either(s, "Action", "NotAction", NO_ACTIONS);
        List<String> actionTexts = strings(s.get(notAction ? "NotAction" : "Action"));
        if (actionTexts.isEmpty()) {
            throw malformed(NO_ACTIONS);
        }
        Glob[] actions = actionTexts.stream().map(PolicyParser::action).toArray(Glob[]::new);
        boolean notResource = false;
        ArnPattern[] resources = null;
        // A resource policy is about its own resource: Tern reads a statement without Resource as "*" there, as
        // Tern's key policies always have (docs/iam.md); an identity policy must say which resources it means.
        if (kind == PolicyKind.IDENTITY || s.has("Resource") || s.has("NotResource")) {
            notResource = either(s, "Resource", "NotResource", NO_RESOURCES);
            List<String> resourceTexts = strings(s.get(notResource ? "NotResource" : "Resource"));
            if (resourceTexts.isEmpty()) {
                throw malformed(NO_RESOURCES);
            }
            resources = resourceTexts.stream().map(PolicyParser::resource).toArray(ArnPattern[]::new);
        }
        PrincipalSet principals = null;
        boolean notPrincipal = false;
        if (kind == PolicyKind.IDENTITY) {
            if (s.has("Principal") || s.has("NotPrincipal")) {
                throw malformed(HAS_PRINCIPAL);
            }
        } else {
            notPrincipal = either(s, "Principal", "NotPrincipal", NO_PRINCIPAL);
            principals = principals(s.get(notPrincipal ? "NotPrincipal" : "Principal"));
        }
        Condition[] conditions = conditions(s.get("Condition"));
        return new Statement(sid, effect.asText().equals("Deny"), actions, notAction, resources, notResource,
                principals, notPrincipal, conditions);
    }

    /** Which of a pair of exclusive fields is given: false for the first, true for the Not form. */
    private static boolean either(JsonNode s, String field, String notField, String missing) {
        boolean has = s.has(field);
        boolean hasNot = s.has(notField);
        if (has && hasNot) {
            throw malformed(SYNTAX);
        }
        if (!has && !hasNot) {
            throw malformed(missing);
        }
        return hasNot;
    }

    private static Glob action(String text) {
        if (text.equals("*")) {
            return new Glob(text, true);
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw malformed(NO_VENDOR);
        }
        if (text.indexOf(':', colon + 1) >= 0) {
            throw malformed(ONE_COLON);
        }
        return new Glob(text, true);
    }

    private static ArnPattern resource(String text) {
        if (!text.equals("*") && !text.startsWith("arn:")) {
            throw malformed("Resource " + text + " must be in ARN format or \"*\".");
        }
        return new ArnPattern(text);
    }

    private static PrincipalSet principals(JsonNode p) {
        if (p.isTextual()) {
            if (!p.asText().equals("*")) {
                throw malformed(BAD_PRINCIPAL);
            }
            return PrincipalSet.everyone();
        }
        if (!p.isObject() || p.isEmpty()) {
            throw malformed(SYNTAX);
        }
        List<String> aws = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (!PRINCIPAL_KINDS.contains(e.getKey())) {
                throw malformed(SYNTAX);
            }
            List<String> values = strings(e.getValue());
            for (String v : values) {
                if (e.getKey().equals("AWS") ? !PrincipalSet.isValidAws(v) : v.isBlank()) {
                    throw malformed(BAD_PRINCIPAL);
                }
            }
            (e.getKey().equals("AWS") ? aws : others).addAll(values);
        }
        return PrincipalSet.of(aws, others);
    }

    private static Condition[] conditions(JsonNode block) {
        if (block == null) {
            return new Condition[0];
        }
        if (!block.isObject()) {
            throw malformed(SYNTAX);
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> op : block.properties()) {
            String name = op.getKey();
            Condition.Qualifier qualifier = Condition.Qualifier.NONE;
            if (name.startsWith("ForAllValues:")) {
                qualifier = Condition.Qualifier.FOR_ALL_VALUES;
                name = name.substring("ForAllValues:".length());
            } else if (name.startsWith("ForAnyValue:")) {
                qualifier = Condition.Qualifier.FOR_ANY_VALUE;
                name = name.substring("ForAnyValue:".length());
            }
            boolean ifExists = name.endsWith("IfExists");
            if (ifExists) {
                name = name.substring(0, name.length() - "IfExists".length());
            }
            ConditionOperator operator = ConditionOperator.named(name);
            if (operator == null || (operator == ConditionOperator.Null && ifExists) || !op.getValue().isObject()) {
                throw malformed(SYNTAX);
            }
            for (Map.Entry<String, JsonNode> test : op.getValue().properties()) {
                if (test.getKey().indexOf(':') <= 0) {
                    throw malformed(NO_VENDOR);
                }
                out.add(new Condition(operator, qualifier, ifExists, test.getKey(), strings(test.getValue())));
            }
        }
        return out.toArray(Condition[]::new);
    }

    /** A value that may be one scalar or an array of scalars, as text (numbers and booleans as written). */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : node.isArray() ? node : List.of(node)) {
            if (!n.isValueNode() || n.isNull()) {
                throw malformed(SYNTAX);
            }
            out.add(n.asText());
        }
        return out;
    }

    private static boolean alphanumeric(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static TernException malformed(String message) {
        return ErrorCode.MalformedPolicyDocument.withMessage(message);
    }
}
