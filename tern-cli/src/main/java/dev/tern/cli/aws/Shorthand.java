package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS CLI's shorthand syntax, {@code ResourceType=image,Tags=[{Key=k,Value=v}]}, read into a JSON tree of
 * strings (the model gives them their types afterwards). The grammar, as the AWS CLI documents it:
 * <pre>
 * parameter = keyval *("," keyval)          keyval = key "=" [values]
 * values    = csv-list / explicit-list / hash-literal
 * csv-list  = first-value *("," second-value)   (a lone value is a scalar, "a,b" a list)
 * explicit-list = "[" [value *("," value)] "]"  hash-literal = "{" keyval *("," keyval) "}"
 * </pre>
 * Values may be 'single' or "double" quoted; {@code \,} is a comma inside a value. A comma followed by
 * {@code key=} starts the next key rather than another value of a list.
 */
final class Shorthand {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.#/:";
    private static final String START = "!#-&(-+\\--<>-Z\\\\-z\\u007c-\\uffff";
    private static final Pattern FIRST = Pattern.compile(
            "((\\\\,)|[" + START + "])((\\\\,)|[\\s!#-&(-+\\--\\\\^-|~-\\uffff])*");
    private static final Pattern SECOND = Pattern.compile(
            "((\\\\,)|[" + START + "])((\\\\,)|[\\s!#-&(-+\\--<>-\\uffff])*");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:\\\\\\\\|\\\\'|[^'])*'");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"(?:\\\\\\\\|\\\\\"|[^\"])*\"");

    private final String input;
    private int index;

    private Shorthand(String input) {
        this.input = input;
    }

    static ObjectNode parse(String value) {
        return new Shorthand(value).parameter();
    }

    /** A syntax error, with the AWS CLI's wording. */
    static final class SyntaxError extends ParamException {
        SyntaxError(String input, String expected, String actual, int index) {
            super("Error parsing parameter: Expected: '" + expected + "', received: '" + actual + "' for input:\n"
                    + input + "\n" + " ".repeat(index) + "^");
        }
    }

    private ObjectNode parameter() {
        ObjectNode params = F.objectNode();
        keyval(params);
        while (index < input.length()) {
            expect(',', true);
            keyval(params);
        }
        return params;
    }

    private void keyval(ObjectNode into) {
        String key = key();
        expect('=', true);
        if (into.has(key)) {
            throw new ParamException("Error parsing parameter: Second instance of key \"" + key
                    + "\" encountered for input:\n" + input);
        }
        into.set(key, values());
    }

    private String key() {
        int start = index;
        while (!atEof() && KEY_CHARS.indexOf(current()) >= 0) {
            index++;
        }
        return input.substring(start, index);
    }

    private JsonNode values() {
        if (atEof()) {
            return F.textNode("");
        } else if (current() == '[') {
            return explicitList();
        } else if (current() == '{') {
            return hashLiteral();
        }
        return csvValue();
    }

    private JsonNode csvValue() {
        String first = firstValue();
        whitespace();
        if (atEof() || current() != ',') {
            return F.textNode(first);
        }
        expect(',', true);
        ArrayNode list = F.arrayNode().add(first);
        while (true) {
            try {
                String next = secondValue();
                whitespace();
                if (atEof()) {
                    list.add(next);
                    break;
                }
                expect(',', true);
                list.add(next);
            } catch (SyntaxError e) {
                if (atEof()) {
                    throw e;
                }
                // "a=b,c=d": what followed the comma was the next key; go back to the comma.
                while (index >= 0 && input.charAt(index) != ',') {
                    index--;
                }
                break;
            }
        }
        return list.size() == 1 ? list.get(0) : list;
    }

    private ArrayNode explicitList() {
        expect('[', true);
        ArrayNode values = F.arrayNode();
        while (current() != ']') {
            values.add(explicitValue());
            whitespace();
            if (current() != ']') {
                expect(',', false);
                whitespace();
            }
        }
        expect(']', false);
        return values;
    }

    private JsonNode explicitValue() {
        if (current() == '[') {
            return explicitList();
        } else if (current() == '{') {
            return hashLiteral();
        }
        return F.textNode(firstValue());
    }

    private ObjectNode hashLiteral() {
        expect('{', true);
        ObjectNode values = F.objectNode();
        while (current() != '}') {
            String key = key();
            expect('=', true);
            JsonNode v = explicitValue();
            whitespace();
            if (current() != '}') {
                expect(',', false);
                whitespace();
            }
            values.set(key, v);
        }
        expect('}', false);
        return values;
    }

    private String firstValue() {
        if (current() == '\'') {
            return quoted(SINGLE_QUOTED, '\'');
        } else if (current() == '"') {
            return quoted(DOUBLE_QUOTED, '"');
        }
        Matcher m = FIRST.matcher(input).region(index, input.length());
        if (m.lookingAt()) {
            index = m.end();
            return m.group().replace("\\,", ",").stripTrailing();
        }
        return "";
    }

    private String secondValue() {
        if (current() == '\'') {
            return quoted(SINGLE_QUOTED, '\'');
        } else if (current() == '"') {
            return quoted(DOUBLE_QUOTED, '"');
        }
        return mustConsume(SECOND, "second").replace("\\,", ",").stripTrailing();
    }

    private String quoted(Pattern pattern, char quote) {
        String v = mustConsume(pattern, quote == '\'' ? "singled quoted" : "double quoted");
        v = v.substring(1, v.length() - 1);
        return v.replace("\\" + quote, String.valueOf(quote)).replace("\\\\", "\\");
    }

    private String mustConsume(Pattern pattern, String name) {
        Matcher m = pattern.matcher(input).region(index, input.length());
        if (m.lookingAt()) {
            index = m.end();
            return m.group();
        }
        throw new SyntaxError(input, "<" + name + ">", "<none>", index);
    }

    private void expect(char c, boolean skipWhitespace) {
        if (skipWhitespace) {
            whitespace();
        }
        if (index >= input.length()) {
            throw new SyntaxError(input, String.valueOf(c), "EOF", index);
        }
        char actual = input.charAt(index);
        if (actual != c) {
            throw new SyntaxError(input, String.valueOf(c), String.valueOf(actual), index);
        }
        index++;
        if (skipWhitespace) {
            whitespace();
        }
    }

    private char current() {
        return index < input.length() ? input.charAt(index) : '\0';
    }

    private boolean atEof() {
        return index >= input.length();
    }

    private void whitespace() {
        while (!atEof() && Character.isWhitespace(current())) {
            index++;
        }
    }
}
