package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The AWS CLI's text output: tab-separated lines. A structure's scalar members make one line, sorted by name and
 * prefixed with the upper-cased name of the member that holds it; its lists and structures follow, each under its
 * own name. In a list of structures every line has the columns of all the list's scalar members.
 */
final class TextOutput {
    private TextOutput() {}

    static void write(JsonNode item, StringBuilder out) {
        write(item, out, null, null);
    }

    private static void write(JsonNode item, StringBuilder out, String identifier, List<String> scalarKeys) {
        if (item != null && item.isObject()) {
            dict(item, out, identifier, scalarKeys);
        } else if (item != null && item.isArray()) {
            list(item, out, identifier);
        } else {
            out.append(PythonText.str(item)).append('\n');
        }
    }

    private static void list(JsonNode items, StringBuilder out, String identifier) {
        if (items.isEmpty()) {
            return;
        }
        boolean anyDict = false;
        boolean anyList = false;
        for (JsonNode el : items) {
            anyDict |= el.isObject();
            anyList |= el.isArray();
        }
        if (anyDict) {
            List<String> keys = allScalarKeys(items);
            for (JsonNode el : items) {
                write(el, out, identifier, keys);
            }
        } else if (anyList) {
            List<JsonNode> scalars = new ArrayList<>();
            List<JsonNode> others = new ArrayList<>();
            for (JsonNode el : items) {
                (el.isContainerNode() ? others : scalars).add(el);
            }
            if (!scalars.isEmpty()) {
                scalarList(scalars, out, identifier);
            }
            for (JsonNode other : others) {
                write(other, out, identifier, null);
            }
        } else {
            List<JsonNode> all = new ArrayList<>();
            items.forEach(all::add);
            scalarList(all, out, identifier);
        }
    }

    private static void scalarList(List<JsonNode> elements, StringBuilder out, String identifier) {
        if (identifier != null) {
            for (JsonNode el : elements) {
                out.append(identifier.toUpperCase(Locale.ROOT)).append('\t').append(PythonText.str(el)).append('\n');
            }
        } else {
            List<String> parts = new ArrayList<>();
            elements.forEach(el -> parts.add(PythonText.str(el)));
            out.append(String.join("\t", parts)).append('\n');
        }
    }

    private static void dict(JsonNode item, StringBuilder out, String identifier, List<String> scalarKeys) {
        List<String> scalars = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> nonScalars = new ArrayList<>();
        if (scalarKeys == null) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            item.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (e.getValue().isContainerNode()) {
                    nonScalars.add(e);
                } else {
                    scalars.add(PythonText.str(e.getValue()));
                }
            }
        } else {
            for (String key : scalarKeys) {
                JsonNode v = item.get(key);
                scalars.add(v == null ? "" : PythonText.str(v));
            }
            TreeMap<String, JsonNode> remaining = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!scalarKeys.contains(e.getKey())) {
                    remaining.put(e.getKey(), e.getValue());
                }
            }
            nonScalars.addAll(remaining.entrySet());
        }
        if (!scalars.isEmpty()) {
            if (identifier != null) {
                scalars.add(0, identifier.toUpperCase(Locale.ROOT));
            }
            out.append(String.join("\t", scalars)).append('\n');
        }
        for (Map.Entry<String, JsonNode> e : nonScalars) {
            write(e.getValue(), out, e.getKey(), null);
        }
    }

    private static List<String> allScalarKeys(JsonNode listOfDicts) {
        TreeSet<String> keys = new TreeSet<>();
        for (JsonNode d : listOfDicts) {
            if (!d.isObject()) {
                continue;
            }
            d.fields().forEachRemaining(e -> {
                if (!e.getValue().isContainerNode()) {
                    keys.add(e.getKey());
                }
            });
        }
        return new ArrayList<>(keys);
    }
}
