package dev.tern.copy;

/**
 * How a task's blocks reach the destination, chosen when it is planned (docs/copying.md, "What moves").
 * SHARE: same Region and key, the destination holds the source's stored blocks by reference and no byte moves.
 * FULL: every written block is read, checked, re-sealed where the key differs, and written. INCREMENTAL: the
 * destination starts from the last completed copy of an ancestor of the source, and only blocks that differ move.
 */
public enum CopyMode {
    SHARE, FULL, INCREMENTAL;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CopyMode of(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
