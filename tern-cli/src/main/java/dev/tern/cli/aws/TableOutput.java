package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The AWS CLI's table output. The response becomes sections: a titled box per structure, a header row of its scalar
 * members (sorted) and a row of their values; lists and structures inside become sections indented one level. The
 * widest section sets the width of all; if that is wider than the terminal, single-row sections turn vertical
 * (one line per member).
 */
final class TableOutput {
    private final List<Section> sections = new ArrayList<>();
    private final int terminalWidth;
    private final boolean color;
    private Section current;

    TableOutput(int terminalWidth, boolean color) {
        this.terminalWidth = terminalWidth;
        this.color = color;
    }

    /** Renders a response under the operation's name; nothing at all for an empty one. */
    static String render(String title, JsonNode response, int terminalWidth, boolean color) {
        TableOutput t = new TableOutput(terminalWidth, color);
        if (!t.build(title, response, 0)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        t.render(out);
        return out.toString();
    }

    private static boolean empty(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || (n.isContainerNode() && n.isEmpty())
                || (n.isTextual() && n.textValue().isEmpty()) || (n.isBoolean() && !n.booleanValue())
                || (n.isNumber() && n.doubleValue() == 0);
    }

    private boolean build(String title, JsonNode node, int indent) {
        if (empty(node)) {
            return false;
        }
        if (title != null) {
            newSection(title, indent);
        }
        if (node.isArray()) {
            if (node.get(0).isObject()) {
                subTableFromList(node, indent, title);
            } else {
                for (JsonNode item : node) {
                    if (!item.isContainerNode()) {
                        current.addRow(List.of(PythonText.str(item)));
                    } else if (allScalars(item)) {
                        List<String> row = new ArrayList<>();
                        item.forEach(el -> row.add(PythonText.str(el)));
                        current.addRow(row);
                    } else {
                        build(null, item, 0);
                    }
                }
            }
        }
        if (node.isObject()) {
            subTableFromDict(node, indent);
        }
        return true;
    }

    private static boolean allScalars(JsonNode item) {
        for (JsonNode el : item) {
            if (el.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private void subTableFromDict(JsonNode node, int indent) {
        List<String> headers = new ArrayList<>();
        List<String> more = new ArrayList<>();
        group(node, headers, more);
        if (headers.size() == 1) {
            current.addRow(List.of(headers.get(0), PythonText.str(node.get(headers.get(0)))));
        } else if (!headers.isEmpty()) {
            current.addHeader(headers);
            List<String> row = new ArrayList<>();
            headers.forEach(h -> row.add(PythonText.str(node.get(h))));
            current.addRow(row);
        }
        for (String key : more) {
            build(key, node.get(key), indent + 1);
        }
    }

    private void subTableFromList(JsonNode list, int indent, String title) {
        TreeSet<String> headerSet = new TreeSet<>();
        TreeSet<String> moreSet = new TreeSet<>();
        for (JsonNode item : list) {
            List<String> h = new ArrayList<>();
            List<String> m = new ArrayList<>();
            group(item, h, m);
            headerSet.addAll(h);
            moreSet.addAll(m);
        }
        List<String> headers = new ArrayList<>(headerSet);
        current.addHeader(headers);
        boolean first = true;
        for (JsonNode element : list) {
            if (!first && !moreSet.isEmpty()) {
                newSection(title, indent);
                current.addHeader(headers);
            }
            first = false;
            List<String> row = new ArrayList<>();
            for (String h : headers) {
                JsonNode v = element.get(h);
                row.add(v == null ? "" : PythonText.str(v));
            }
            current.addRow(row);
            for (String key : moreSet) {
                if (element.has(key)) {
                    build(key, element.get(key), indent + 1);
                }
            }
        }
    }

    private static void group(JsonNode node, List<String> headers, List<String> more) {
        node.fields().forEachRemaining(e -> (e.getValue().isContainerNode() ? more : headers).add(e.getKey()));
        headers.sort(null);
        more.sort(null);
    }

    private void newSection(String title, int indent) {
        current = new Section();
        current.title = title;
        current.indent = indent;
        sections.add(current);
    }

    private void render(StringBuilder out) {
        int maxWidth = maxWidth();
        if (maxWidth > terminalWidth) {
            for (int i = 0; i < sections.size(); i++) {
                Section s = sections.get(i);
                if (s.rows.size() == 1 && !s.headers.isEmpty()) {
                    Section v = new Section();
                    v.title = s.title;
                    v.indent = s.indent;
                    for (int c = 0; c < s.headers.size() && c < s.rows.get(0).size(); c++) {
                        v.addRow(List.of(s.headers.get(c), s.rows.get(0).get(c)));
                    }
                    sections.set(i, v);
                }
            }
            maxWidth = maxWidth();
        }
        out.append("-".repeat(maxWidth)).append('\n');
        for (Section s : sections) {
            renderSection(s, maxWidth, out);
        }
    }

    private int maxWidth() {
        int max = 0;
        for (Section s : sections) {
            max = Math.max(max, s.totalWidth(4, true, s.indent));
        }
        return max;
    }

    private void renderSection(Section s, int maxWidth, StringBuilder out) {
        String edge = styleIndent("|");
        Indented stream = new Indented(out, s.indent, edge);
        maxWidth -= s.indent * 2;
        if (!s.title.isEmpty()) {
            stream.line(center(s.title, maxWidth, "|", "|", width(s.title)));
            if (s.headers.isEmpty() && s.rows.isEmpty()) {
                stream.line("+" + "-".repeat(maxWidth - 2) + "+");
            }
        }
        if (!s.headers.isEmpty()) {
            List<Integer> widths = s.columnWidths(4, maxWidth);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.size() && i < s.headers.size(); i++) {
                String h = s.headers.get(i);
                line.append(center(h, widths.get(i), i == 0 ? "|" : "", "|", width(h)));
            }
            stream.line(lineBreak(widths));
            stream.line(line.toString());
        }
        if (!s.rows.isEmpty()) {
            List<Integer> widths = s.columnWidths(4, maxWidth);
            if (widths.isEmpty()) {
                return;
            }
            stream.line(lineBreak(widths));
            for (List<String> row : s.rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < widths.size() && i < row.size(); i++) {
                    String el = row.get(i);
                    line.append(alignLeft(styleRow(el), widths.get(i), i == 0 ? "|" : "", "|", width(el)));
                }
                stream.line(line.toString());
            }
            stream.line(lineBreak(widths));
        }
    }

    private String styleRow(String text) {
        return color ? "\u001b[1m\u001b[34m" + text + "\u001b[0m" : text;
    }

    private String styleIndent(String text) {
        return color ? "\u001b[2m\u001b[33m" + text + "\u001b[0m" : text;
    }

    private static String lineBreak(List<Integer> widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < widths.size(); i++) {
            sb.append(i == 0 ? "+" + "-".repeat(widths.get(i) - 2) + "+" : "-".repeat(widths.get(i) - 1) + "+");
        }
        return sb.toString();
    }

    static String center(String text, int length, String left, String right, int textLength) {
        int start = Math.floorDiv(length, 2) - Math.floorDiv(textLength, 2) - 1;
        int soFar = width(left) + start + textLength;
        int rightSpaces = length - width(right) - soFar;
        return left + " ".repeat(Math.max(0, start)) + text + " ".repeat(Math.max(0, rightSpaces)) + right;
    }

    static String alignLeft(String text, int length, String left, String right, int textLength) {
        int computed = textLength + 2 + width(left) + width(right);
        int padding = length - computed >= 0 ? 2 : 0;
        int soFar = left.length() + padding + textLength;
        return left + " ".repeat(padding) + text + " ".repeat(Math.max(0, length - soFar - right.length())) + right;
    }

    /** Display width: East Asian wide and full-width characters take two columns. */
    static int width(String text) {
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            w += wide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    private static boolean wide(int cp) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
        return b == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS || b == Character.UnicodeBlock.HIRAGANA
                || b == Character.UnicodeBlock.KATAKANA || b == Character.UnicodeBlock.HANGUL_SYLLABLES
                || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION;
    }

    /** Writes a section's lines inside one '|' per indent level on each side. */
    private record Indented(StringBuilder out, int level, String edge) {
        void line(String text) {
            out.append(edge.repeat(level)).append(text).append(edge.repeat(level)).append('\n');
        }
    }

    private static final class Section {
        String title = "";
        List<String> headers = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        int indent;
        private List<Integer> maxWidths = new ArrayList<>();

        void addHeader(List<String> h) {
            updateWidths(h);
            headers = new ArrayList<>(h);
        }

        void addRow(List<String> row) {
            rows.add(row);
            updateWidths(row);
        }

        private void updateWidths(List<String> row) {
            if (maxWidths.isEmpty()) {
                maxWidths = new ArrayList<>();
                row.forEach(el -> maxWidths.add(width(el)));
            } else {
                for (int i = 0; i < row.size(); i++) {
                    if (i < maxWidths.size()) {
                        maxWidths.set(i, Math.max(width(row.get(i)), maxWidths.get(i)));
                    } else {
                        maxWidths.add(width(row.get(i)));
                    }
                }
            }
        }

        List<Integer> columnWidths(int padding, int maxWidth) {
            List<Integer> unscaled = new ArrayList<>();
            maxWidths.forEach(w -> unscaled.add(w + padding));
            if (unscaled.isEmpty()) {
                return unscaled;
            }
            int sum = unscaled.stream().mapToInt(Integer::intValue).sum();
            double factor = maxWidth / (double) sum;
            List<Integer> scaled = new ArrayList<>();
            unscaled.forEach(w -> scaled.add((int) Math.rint(factor * w)));
            int offBy = scaled.stream().mapToInt(Integer::intValue).sum() - maxWidth;
            while (offBy != 0) {
                int n = scaled.size();
                for (int k = 0; k < n; k++) {
                    int i = offBy < 0 ? n - 1 - k : k;
                    if (offBy > 0) {
                        scaled.set(i, scaled.get(i) - 1);
                        offBy--;
                    } else {
                        scaled.set(i, scaled.get(i) + 1);
                        offBy++;
                    }
                    if (offBy == 0) {
                        break;
                    }
                }
            }
            return scaled;
        }

        int totalWidth(int padding, boolean border, int outer) {
            int total = 0;
            for (int w : maxWidths) {
                total += w + padding;
            }
            if (border) {
                total += 2;
            }
            total += outer * 2;
            return Math.max(width(title) + 2 + outer * 2, total);
        }
    }
}
