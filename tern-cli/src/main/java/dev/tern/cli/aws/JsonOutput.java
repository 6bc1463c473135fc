package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as the AWS CLI prints it (Python's {@code json.dumps(indent=4, ensure_ascii=False)}): four-space indents,
 * {@code ": "} after keys, non-ASCII text as is, empty containers as {@code []} and {@code {}}.
 */
final class JsonOutput {
    private JsonOutput() {}

    static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb, 0, 4);
        return sb.toString();
    }

    /** One line, as Python's {@code json.dumps} without indent writes it (the YAML formatter's scalars use this). */
    static String compact(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb, 0, -1);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb, int depth, int indent) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            sb.append("null");
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                separate(sb, first, depth + 1, indent);
                first = false;
                string(e.getKey(), sb);
                sb.append(": ");
                write(e.getValue(), sb, depth + 1, indent);
            }
            close(sb, depth, indent);
            sb.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (JsonNode item : node) {
                separate(sb, first, depth + 1, indent);
                first = false;
                write(item, sb, depth + 1, indent);
            }
            close(sb, depth, indent);
            sb.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), sb);
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue() ? "true" : "false");
        } else if (node.isFloatingPointNumber()) {
            sb.append(PythonText.floatRepr(node.doubleValue()));
        } else {
            sb.append(node.asText());
        }
    }

    private static void separate(StringBuilder sb, boolean first, int depth, int indent) {
        if (indent < 0) {
            if (!first) {
                sb.append(", ");
            }
            return;
        }
        if (!first) {
            sb.append(',');
        }
        sb.append('\n').append(" ".repeat(depth * indent));
    }

    private static void close(StringBuilder sb, int depth, int indent) {
        if (indent >= 0) {
            sb.append('\n').append(" ".repeat(depth * indent));
        }
    }

    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
