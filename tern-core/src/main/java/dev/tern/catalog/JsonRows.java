package dev.tern.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows that a query carries as JSON in one column ({@link Dialect#jsonArray}, {@link Dialect#jsonArrayAgg}). The
 * SQLite driver makes several native calls for every column of every statement, so an image with its block devices
 * and tags costs far less as three JSON columns of one query than as fifty columns of three. The catalogue stores
 * only strings, whole numbers, booleans (SQLite's are 0 and 1) and NULL, which JSON carries exactly.
 */
public final class JsonRows {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonRows() {}

    /** The row in a JSON array such as {@code ["ami-1", 3, true, null]}. */
    public static Row row(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_ARRAY);
            return values(p);
        } catch (IOException e) {
            throw new UncheckedIOException("catalogue JSON row is malformed: " + json, e);
        }
    }

    /** The rows in a JSON array of arrays; none for null, which is what PostgreSQL aggregates no rows to. */
    public static List<Row> rows(String json) {
        if (json == null) {
            return List.of();
        }
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_ARRAY);
            List<Row> out = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                expect(p, t, JsonToken.START_ARRAY);
                out.add(values(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("catalogue JSON rows are malformed: " + json, e);
        }
    }

    // Reads the values of an array whose START_ARRAY was just read, through its END_ARRAY.
    private static Row values(JsonParser p) throws IOException {
        List<Object> values = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            values.add(switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw new IOException("unexpected " + t + " in a catalogue JSON row");
            });
        }
        return new ValuesRow(values);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual + " at " + p.currentLocation());
        }
    }

    private record ValuesRow(List<Object> values) implements Row {
        @Override
        public String string(int column) {
            Object v = values.get(column - 1);
            return v == null ? null : v.toString();
        }

        @Override
        public Long longValue(int column) {
            return (Long) values.get(column - 1);
        }

        @Override
        public Boolean bool(int column) {
            Object v = values.get(column - 1);
            return v instanceof Long l ? l != 0 : (Boolean) v;
        }
    }
}
