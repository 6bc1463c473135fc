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
            return new Query(RUNTIME.compile(text));
        } catch (JmesPathException e) {
            throw new QueryException(e.getMessage());
        }
    }

    JsonNode search(JsonNode input) {
        return expression.search(input);
    }
}
