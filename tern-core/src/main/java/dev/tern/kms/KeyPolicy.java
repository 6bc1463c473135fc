package dev.tern.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.error.ErrorCode;
import dev.tern.filter.Wildcard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Key policies: the defaults AWS gives new keys, and their evaluation for one request. An explicit Deny wins, then
 * an Allow; with neither the key policy is silent and only a grant can allow. The subset of the policy language
 * Tern understands: Effect, Principal ("*", account ids, account root ARNs), Action / NotAction with wildcards, and
 * conditions with the String and Bool operators on kms:CallerAccount, kms:ViaService, aws:PrincipalAccount,
 * kms:GrantIsForAWSResource and kms:EncryptionContext:KEY. A condition Tern cannot evaluate never makes an Allow
 * apply and never keeps a Deny from applying.
 */
final class KeyPolicy {
    static final ObjectMapper JSON = new ObjectMapper();

    enum Decision { ALLOW, DENY, SILENT }

    /** What a condition or principal is matched against: who calls, how, and with which context keys. */
    record Request(String principalArn, String callerAccount, String action, Map<String, String> conditionKeys) {}

    private KeyPolicy() {}

    /** The default policy of a customer managed key: the account (its IAM) may do everything with it. */
    static String defaultFor(String partition, String account) {
        ObjectNode root = policy("key-default-1");
        ArrayNode statements = root.putArray("Statement");
        ObjectNode s = statements.addObject();
        s.put("Sid", "Enable IAM User Permissions");
        s.put("Effect", "Allow");
        s.putObject("Principal").put("AWS", KeyArns.rootPrincipal(partition, account));
        s.put("Action", "kms:*");
        s.put("Resource", "*");
        return root.toPrettyString();
    }

    /**
     * The policy of an AWS managed key of {@code service} (e.g. ec2 for alias/aws/ebs): any principal of the account
     * may use it, but only through that service; the account may read it and revoke grants, nothing else.
     */
    static String awsManagedFor(String partition, String account, String region, String service) {
        ObjectNode root = policy("auto-" + service + "-1");
        ArrayNode statements = root.putArray("Statement");
        ObjectNode use = statements.addObject();
        use.put("Sid", "Allow access through " + service + " for all principals in the account that are authorized");
        use.put("Effect", "Allow");
        use.putObject("Principal").put("AWS", "*");
        use.putArray("Action").add("kms:Encrypt").add("kms:Decrypt").add("kms:ReEncrypt*").add("kms:GenerateDataKey*")
                .add("kms:CreateGrant").add("kms:DescribeKey");
        use.put("Resource", "*");
        ObjectNode eq = use.putObject("Condition").putObject("StringEquals");
        eq.put("kms:CallerAccount", account);
        eq.put("kms:ViaService", viaService(service, region));
        ObjectNode read = statements.addObject();
        read.put("Sid", "Allow direct access to key metadata to the account");
        read.put("Effect", "Allow");
        read.putObject("Principal").put("AWS", KeyArns.rootPrincipal(partition, account));
        read.putArray("Action").add("kms:Describe*").add("kms:Get*").add("kms:List*").add("kms:RevokeGrant");
        read.put("Resource", "*");
        return root.toPrettyString();
    }

    /** The kms:ViaService value of a call an AWS service makes for a principal, e.g. {@code ec2.us-east-1.amazonaws.com}. */
    static String viaService(String service, String region) {
        return service + "." + region + ".amazonaws.com";
    }

    private static ObjectNode policy(String id) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Version", "2012-10-17");
        root.put("Id", id);
        return root;
    }

    /** @throws dev.tern.error.TernException MalformedPolicyDocumentException when the policy cannot be a key policy */
    static JsonNode parse(String policy) {
        JsonNode root;
        try {
            root = JSON.readTree(policy);
        } catch (JsonProcessingException e) {
            throw ErrorCode.MalformedPolicyDocumentException.withMessage("The policy is not valid JSON.");
        }
        if (root == null || !root.isObject() || !root.has("Statement")) {
            throw ErrorCode.MalformedPolicyDocumentException.withMessage("The policy must be a JSON object with a Statement.");
        }
        for (JsonNode s : each(root.get("Statement"))) {
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw ErrorCode.MalformedPolicyDocumentException.withMessage(
                        "Every statement needs an Effect of Allow or Deny, not '" + effect + "'.");
            }
            if (!s.has("Principal")) {
                throw ErrorCode.MalformedPolicyDocumentException.withMessage("Policy contains a statement with no principal.");
            }
            if (!s.has("Action") && !s.has("NotAction")) {
                throw ErrorCode.MalformedPolicyDocumentException.withMessage("Policy contains a statement with no action.");
            }
        }
        return root;
    }

    static Decision evaluate(String policy, Request r) {
        JsonNode root;
        try {
            root = parse(policy);
        } catch (RuntimeException e) {
            return Decision.SILENT;
        }
        boolean allowed = false;
        for (JsonNode s : each(root.get("Statement"))) {
            boolean deny = s.path("Effect").asText().equals("Deny");
            if (!principalMatches(s.get("Principal"), r) || !actionMatches(s, r.action())) {
                continue;
            }
            Boolean conditions = conditionsHold(s.get("Condition"), r);
            if (deny && !Boolean.FALSE.equals(conditions)) {
                return Decision.DENY;
            }
            if (!deny && Boolean.TRUE.equals(conditions)) {
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.SILENT;
    }

    private static boolean principalMatches(JsonNode principal, Request r) {
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode p : each(principal.get("AWS"))) {
            String v = p.asText();
            if (v.equals("*") || v.equals(r.callerAccount()) || v.equals(r.principalArn())) {
                return true;
            }
        }
        return false;
    }

    private static boolean actionMatches(JsonNode s, String action) {
        boolean not = !s.has("Action");
        boolean any = false;
        for (JsonNode a : each(not ? s.get("NotAction") : s.get("Action"))) {
            String pattern = a.asText().toLowerCase(Locale.ROOT);
            if (Wildcard.matches(pattern, action.toLowerCase(Locale.ROOT))) {
                any = true;
                break;
            }
        }
        return not != any;
    }

    /** TRUE when every condition holds, FALSE when one surely does not, null when one cannot be evaluated. */
    private static Boolean conditionsHold(JsonNode condition, Request r) {
        if (condition == null || condition.isEmpty()) {
            return true;
        }
        Boolean result = true;
        for (Map.Entry<String, JsonNode> op : condition.properties()) {
            for (Map.Entry<String, JsonNode> test : op.getValue().properties()) {
                Boolean one = holds(op.getKey(), test.getKey().toLowerCase(Locale.ROOT), test.getValue(), r);
                if (Boolean.FALSE.equals(one)) {
                    return false;
                }
                if (one == null) {
                    result = null;
                }
            }
        }
        return result;
    }

    private static Boolean holds(String operator, String key, JsonNode values, Request r) {
        String actual = r.conditionKeys().get(key);
        boolean known = r.conditionKeys().containsKey(key) || key.startsWith("kms:encryptioncontext:");
        if (!known) {
            return null;
        }
        List<String> expected = new ArrayList<>();
        each(values).forEach(v -> expected.add(v.asText()));
        return switch (operator) {
            case "StringEquals", "Bool" -> actual != null && expected.contains(actual);
            case "StringEqualsIgnoreCase" -> actual != null && expected.stream().anyMatch(actual::equalsIgnoreCase);
            case "StringNotEquals" -> actual == null || !expected.contains(actual);
            case "StringLike" -> actual != null && expected.stream().anyMatch(p -> Wildcard.matches(p, actual));
            default -> null;
        };
    }

    private static Iterable<JsonNode> each(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? node : List.of(node);
    }
}
