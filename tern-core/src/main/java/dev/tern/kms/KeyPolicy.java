package dev.tern.kms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.iam.policy.Policy;
import dev.tern.iam.policy.PolicyKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key policies: the defaults AWS gives new keys, and reading a policy as the one policy language of
 * {@code dev.tern.iam.policy} in its resource form. How a key policy, the caller's identity policies and grants
 * combine is {@link KeyAccess}'s.
 */
final class KeyPolicy {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_COMPILED = 4096;
    private static final Map<String, Policy> COMPILED = new ConcurrentHashMap<>();

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

    /**
     * The key policy {@code policy}, parsed as a resource policy.
     *
     * @throws dev.tern.error.TernException MalformedPolicyDocumentException (KMS's code) with IAM's message
     */
    static Policy parse(String policy) {
        try {
            return Policy.parse(policy, PolicyKind.RESOURCE);
        } catch (TernException e) {
            if (e.code() == ErrorCode.MalformedPolicyDocument) {
                throw ErrorCode.MalformedPolicyDocumentException.withMessage(e.getMessage());
            }
            throw e;
        }
    }

    /**
     * The compiled form of a stored key policy, kept so a key used many times is parsed once; null for a policy
     * stored by an earlier Tern that the policy language now refuses (it then allows nothing and denies nothing).
     */
    static Policy compiled(String policy) {
        Policy p = COMPILED.get(policy);
        if (p == null) {
            try {
                p = Policy.parse(policy, PolicyKind.RESOURCE);
            } catch (TernException e) {
                return null;
            }
            if (COMPILED.size() >= MAX_COMPILED) {
                COMPILED.clear();
            }
            COMPILED.put(policy, p);
        }
        return p;
    }
}
