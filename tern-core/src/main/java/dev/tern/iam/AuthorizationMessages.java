package dev.tern.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.error.ErrorCode;
import dev.tern.kms.RootKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "encoded authorization failure message" of an UnauthorizedOperation: the decision's context as JSON (in the
 * shape AWS's decoded messages have: allowed, explicitDeny, matchedStatements, failures, context), sealed with
 * AES-GCM under the server's root key and bound to the account, so that only this Tern opens it, only for that
 * account, and nobody can forge or alter one. base64url without padding, so it fits in an XML message unescaped.
 */
public final class AuthorizationMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RootKey rootKey;

    public AuthorizationMessages(RootKey rootKey) {
        this.rootKey = rootKey;
    }

    public String encode(AuthorizationFailure f) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("allowed", false);
        root.put("explicitDeny", f.explicitDeny());
        ArrayNode statements = root.putObject("matchedStatements").putArray("items");
        for (String s : f.matchedStatements()) {
            statements.add(parseOrText(s));
        }
        root.putObject("failures").putArray("items");
        ObjectNode context = root.putObject("context");
        ObjectNode principal = context.putObject("principal");
        principal.put("id", f.principal().userId());
        if (f.principal().userName() != null) {
            principal.put("name", f.principal().userName());
        }
        principal.put("arn", f.principal().arn());
        context.put("action", f.action());
        context.put("resource", f.resource());
        ArrayNode conditions = context.putObject("conditions").putArray("items");
        for (Map.Entry<String, List<String>> e : new TreeMap<>(f.conditions()).entrySet()) {
            ObjectNode item = conditions.addObject();
            item.put("key", e.getKey());
            ArrayNode values = item.putObject("values").putArray("items");
            e.getValue().forEach(v -> values.addObject().put("value", v));
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rootKey.wrap(json, boundTo(f.principal().accountId())));
    }

    /**
     * The JSON of a message encoded for {@code accountId}.
     *
     * @throws dev.tern.error.TernException InvalidAuthorizationMessageException when it is not one of this server's
     *     messages for that account, or was altered
     */
    public String decode(String accountId, String encoded) {
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw ErrorCode.InvalidAuthorizationMessageException.withMessage("Message is not valid");
        }
        try {
            return new String(rootKey.unwrap(sealed, boundTo(accountId)), StandardCharsets.UTF_8);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw ErrorCode.InvalidAuthorizationMessageException.withMessage("Message is not valid");
        }
    }

    private static JsonNode parseOrText(String statement) {
        try {
            return MAPPER.readTree(statement);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(statement);
        }
    }

    private static String boundTo(String accountId) {
        return "sts-authorization-message/" + accountId;
    }
}
