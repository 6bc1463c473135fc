package dev.tern.server.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query parameters as a tree split on dots: {@code Filter.1.Value.2=x} becomes Filter → 1 → Value → 2 = x.
 * The reader takes children as it binds them, so whatever is left over is an unknown parameter.
 */
final class ParamTree {
    String value;
    final String path;
    final Map<String, ParamTree> children = new LinkedHashMap<>(4);

    ParamTree(String path) {
        this.path = path;
    }

    void put(String name, String v) {
        ParamTree node = this;
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            String part = dot < 0 ? name.substring(start) : name.substring(start, dot);
            String childPath = dot < 0 ? name : name.substring(0, dot);
            node = node.children.computeIfAbsent(part, k -> new ParamTree(childPath));
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        node.value = v;
    }

    /** The first parameter name under this node that nothing bound, or null. */
    String firstLeftover() {
        for (ParamTree child : children.values()) {
            return child.value != null ? child.path : child.firstLeftover();
        }
        return null;
    }
}
