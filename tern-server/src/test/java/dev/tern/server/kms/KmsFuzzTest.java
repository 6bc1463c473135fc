package dev.tern.server.kms;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.server.testing.RawClient;
import dev.tern.server.testing.TernTestServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seeded random KMS requests: every operation, with members of the right names but random types and values, real
 * key ids mixed in, and broken bodies. None may get a 5xx; every error is a KMS JSON error with a {@code __type}.
 */
class KmsFuzzTest {
    private static final int REQUESTS = 3000;
    private static final List<String> OPERATIONS = List.of("CreateKey", "DescribeKey", "ListKeys", "EnableKey",
            "DisableKey", "ScheduleKeyDeletion", "CancelKeyDeletion", "GetKeyPolicy", "PutKeyPolicy", "CreateAlias",
            "UpdateAlias", "DeleteAlias", "ListAliases", "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "CreateGrant", "ListGrants", "RetireGrant", "RevokeGrant", "TagResource",
            "UntagResource", "ListResourceTags", "Sign", "");
    private static final List<String> MEMBERS = List.of("KeyId", "Description", "KeySpec", "KeyUsage", "Policy",
            "PolicyName", "AliasName", "TargetKeyId", "Plaintext", "CiphertextBlob", "EncryptionContext", "NumberOfBytes",
            "PendingWindowInDays", "Limit", "Marker", "GranteePrincipal", "RetiringPrincipal", "Operations", "Constraints",
            "GrantId", "GrantToken", "Tags", "TagKeys", "DestinationKeyId", "SourceEncryptionContext", "DryRun",
            "BypassPolicyLockoutSafetyCheck", "MultiRegion", "Origin", "GrantTokens", "EncryptionAlgorithm", "Name");

    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    private final Random random = new Random(20261122);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void noRequestGetsA5xxAndEveryErrorIsAKmsError() throws Exception {
        RawClient raw = new RawClient(tern.endpoint(), ALICE, "us-east-1", "kms");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var created = raw.send("POST", "/", null, headers("CreateKey"), "{}", false);
            keys.add(json.readTree(created.body()).path("KeyMetadata").path("KeyId").asText());
        }
        keys.add("alias/aws/ebs");
        keys.add("arn:aws:kms:us-east-1:" + ALICE + ":key/" + keys.get(0));
        int errors = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String op = OPERATIONS.get(random.nextInt(OPERATIONS.size()));
            String body = body(keys);
            var r = raw.send("POST", "/", null, headers(op), body, false);
            assertThat(r.status()).as("%s %s -> %s", op, body, r.body()).isLessThan(500);
            if (r.status() != 200) {
                errors++;
                JsonNode error = json.readTree(r.body());
                assertThat(error.path("__type").asText()).as("%s %s -> %s", op, body, r.body()).isNotEmpty();
                assertThat(error.path("message").isTextual()).isTrue();
            }
        }
        assertThat(errors).as("most random requests are refused, some go through").isBetween(REQUESTS / 2, REQUESTS - 1);
    }

    private static Map<String, String> headers(String op) {
        return Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "TrentService." + op);
    }

    private String body(List<String> keys) {
        switch (random.nextInt(20)) {
            case 0:
                return "";
            case 1:
                return "{\"KeyId\": ";
            case 2:
                return "[1,2,3]";
            case 3:
                return "\"just a string\"";
            default:
                break;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String member = MEMBERS.get(random.nextInt(MEMBERS.size()));
            o.set(member, value(member, keys, 0));
        }
        if (random.nextInt(3) > 0) {
            o.put("KeyId", keys.get(random.nextInt(keys.size())));
        }
        return o.toString();
    }

    private JsonNode value(String member, List<String> keys, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (random.nextInt(depth > 1 ? 7 : 10)) {
            case 0:
                return f.textNode(keys.get(random.nextInt(keys.size())));
            case 1:
                return f.numberNode(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(40) - 5);
            case 2:
                return f.booleanNode(random.nextBoolean());
            case 3:
                return f.nullNode();
            case 4:
                byte[] b = new byte[random.nextInt(random.nextInt(4) == 0 ? 8000 : 64)];
                random.nextBytes(b);
                return f.textNode(Base64.getEncoder().encodeToString(b));
            case 5:
                return f.textNode("alias/" + member.toLowerCase() + random.nextInt(5));
            case 6:
                return f.textNode("x".repeat(random.nextInt(3) == 0 ? 40_000 : random.nextInt(10)));
            case 7:
                ArrayNode a = f.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(value(member, keys, depth + 1));
                }
                return a;
            default:
                ObjectNode o = f.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    String k = random.nextBoolean() ? MEMBERS.get(random.nextInt(MEMBERS.size())) : "k" + random.nextInt(3);
                    o.set(k, value(member, keys, depth + 1));
                }
                return o;
        }
    }
}
