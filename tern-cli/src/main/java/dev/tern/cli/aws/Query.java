package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;

/** {@code --query}: a JMESPath expression, compiled before anything is sent, applied as the AWS CLI applies it. */
final class Query {
    private static final JacksonRuntime RUNTIME = new JacksonRuntime();
    private final Expression<JsonNode> expression;

    static final class QueryException extends RuntimeException {
        QueryException(String message) {
            super(message);
        }
    }

    private Query(Expression<JsonNode> expression) {
        this.expression = expression;
    }

    static Query compile(String text) {
        try {
            return new Query(RUNTIME.compile(legacyLiterals(text)));
        } catch (JmesPathException e) {
            throw new QueryException(e.getMessage());
        }
    }

    /**
     * JMESPath literals must be JSON, but the AWS CLI's library still takes the older form where a literal that is
     * not JSON is a string ({@code `us-west-2`}), and users write it that way. Such literals become JSON strings.
     */
    static String legacyLiterals(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean inRaw = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' ) {
                inRaw = !inRaw;
            }
            if (c != '`' || inRaw) {
                out.append(c);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < text.length() && text.charAt(end) != '`') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            if (end >= text.length()) {
                out.append(text, i, text.length());
                break;
            }
            String lexeme = text.substring(i + 1, end).replace("\\`", "`");
            if (isJson(lexeme)) {
                out.append(text, i, end + 1);
            } else {
                StringBuilder quoted = new StringBuilder();
                JsonOutput.string(lexeme.stripLeading(), quoted);
                out.append('`').append(quoted.toString().replace("`", "\\`")).append('`');
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static boolean isJson(String lexeme) {
        try {
            OperationArgs.JSON.readTree(lexeme);
            return !lexeme.isBlank();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    JsonNode search(JsonNode input) {
        return expression.search(input);
    }
}
