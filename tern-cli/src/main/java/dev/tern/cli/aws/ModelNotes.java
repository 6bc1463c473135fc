package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the SDK's model classes do not carry: which members are required, and the documentation of operations and
 * members. Both come from the AWS CLI v2's own service models, extracted by {@code scripts/cli-model-notes} into
 * resources ({@code model/SERVICE-required.json}, read by every command, and {@code model/SERVICE-docs.json}, read
 * only for help and skeletons). Structures are named as the model names them, which is the SDK's class name.
 * An operation or member newer than that model has no notes: nothing is required of it before sending, and it has
 * no prose.
 */
final class ModelNotes {
    private static final Map<Service, JsonNode> REQUIRED = new EnumMap<>(Service.class);
    private static final Map<Service, JsonNode> DOCS = new EnumMap<>(Service.class);

    private ModelNotes() {}

    /** The members an operation's input requires, in the model's order of its required list. */
    static List<String> requiredOf(Operation op) {
        return strings(required(op.service).path("operations").path(op.name));
    }

    /** The members a structure (named as in the model) requires. */
    static List<String> requiredOf(Service service, String shape) {
        return strings(required(service).path("shapes").path(shape));
    }

    /** The service's documentation, as paragraphs of plain text. */
    static List<String> serviceDoc(Service service) {
        return strings(docs(service).path("service"));
    }

    /** The operation's documentation, as paragraphs of plain text (list items start with "* "). */
    static List<String> operationDoc(Operation op) {
        return strings(docs(op.service).path("operations").path(op.name).path("doc"));
    }

    /** A member of the operation's input: its documentation as paragraphs. */
    static List<String> memberDoc(Operation op, String member) {
        return strings(docs(op.service).path("operations").path(op.name).path("members").path(member));
    }

    /** The name the model gives the operation's input structure (the SDK names it OperationRequest). */
    static String inputShape(Operation op) {
        return docs(op.service).path("operations").path(op.name).path("input").asText(op.name + "Request");
    }

    /** The first sentence of a structure's member's documentation, on one line; empty when there is none. */
    static String overview(Service service, String shape, String member) {
        return docs(service).path("shapes").path(shape).path(member).asText("");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static synchronized JsonNode required(Service service) {
        return REQUIRED.computeIfAbsent(service, s -> load(s.command + "-required.json"));
    }

    private static synchronized JsonNode docs(Service service) {
        return DOCS.computeIfAbsent(service, s -> load(s.command + "-docs.json"));
    }

    private static JsonNode load(String name) {
        try (InputStream in = ModelNotes.class.getResourceAsStream("model/" + name)) {
            return in == null ? OperationArgs.JSON.missingNode() : OperationArgs.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
