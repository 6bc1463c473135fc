package dev.tern.server.wire;

import dev.tern.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query parameters as a tree split on dots: {@code Filter.1.Value.2=x} becomes Filter → 1 → Value → 2 = x.
 * The reader takes children as it binds them, so whatever is left over is an unknown parameter.
 *
 * <p>Work is linear in the length of the names: a node remembers where its path ends in the parameter name
 * instead of copying that prefix, and no walk over the tree recurses, so a hostile name of a hundred thousand
 * dots costs what its bytes cost.
 */
final class ParamTree {
    /**
     * No EC2 request member nests this deep (the deepest are like {@code LaunchPermission.Add.1.UserId}); a name
     * with more segments can only be unknown, so it is refused before it becomes a tree.
     */
    static final int MAX_SEGMENTS = 32;

    String value;
    /** The parameter name this node was first made for, and where this node's path ends in it. */
    private final String name;
    private final int end;
    final Map<String, ParamTree> children = new LinkedHashMap<>(4);

    ParamTree(String path) {
        this(path, path.length());
    }

    private ParamTree(String name, int end) {
        this.name = name;
        this.end = end;
    }

    /** The dotted name of this node, e.g. {@code Filter.1}. */
    String path() {
        return end == name.length() ? name : name.substring(0, end);
    }

    void put(String name, String v) {
        ParamTree node = this;
        int start = 0;
        int segments = 1;
        while (true) {
            int dot = name.indexOf('.', start);
            if (dot >= 0 && ++segments > MAX_SEGMENTS) {
                throw ErrorCode.UnknownParameter.format(shorten(name));
            }
            int end = dot < 0 ? name.length() : dot;
            String part = name.substring(start, end);
            ParamTree child = node.children.get(part);
            if (child == null) {
                child = new ParamTree(name, end);
                node.children.put(part, child);
            }
            node = child;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        node.value = v;
    }

    /** The first parameter name under this node that nothing bound, or null. */
    String firstLeftover() {
        ParamTree node = this;
        while (!node.children.isEmpty()) {
            ParamTree child = node.children.values().iterator().next();
            if (child.value != null) {
                return child.path();
            }
            node = child;
        }
        return null;
    }

    private static String shorten(String name) {
        return name.length() <= 256 ? name : name.substring(0, 256) + "...";
    }
}
