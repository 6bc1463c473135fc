package dev.tern.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.error.ErrorCode;
import java.io.IOException;

/**
 * A first check of policy documents: JSON, an object, with a Version and a Statement. Replaced by
 * {@code dev.tern.iam.policy.Policy.parse} (the policy language, which checks everything IAM does) at integration.
 */
final class PolicyDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyDocuments() {}

    static void check(String json) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(json);
        } catch (IOException e) {
            throw ErrorCode.MalformedPolicyDocument.withMessage("Syntax errors in policy.");
        }
        if (doc == null || !doc.isObject()) {
            throw ErrorCode.MalformedPolicyDocument.withMessage("Syntax errors in policy.");
        }
        if (!doc.has("Version")) {
            throw ErrorCode.MalformedPolicyDocument.withMessage("Policy document must be version 2012-10-17 or greater.");
        }
        JsonNode statement = doc.get("Statement");
        if (statement == null || !(statement.isObject() || statement.isArray())) {
            throw ErrorCode.MalformedPolicyDocument.withMessage("Syntax errors in policy.");
        }
    }
}
