package dev.tern.catalog;

/** The few places where SQLite and PostgreSQL need different SQL; kept here and nowhere else. */
public enum Dialect {
    SQLITE, POSTGRESQL;

    /**
     * A predicate that lets an index narrow {@code column} to values starting with a literal prefix (bind
     * {@code :lo} and {@code :hi} from {@link #prefixUpperBound}). SQLite compares bytes, so a range works; a
     * PostgreSQL database may collate by locale, where only LIKE keeps the prefix exact.
     */
    public String prefixPredicate(String column, String loParam, String hiParam, String likeParam) {
        return this == SQLITE
                ? "(" + column + " >= :" + loParam + " AND " + column + " < :" + hiParam + ")"
                : column + " LIKE :" + likeParam + " ESCAPE '!'";
    }

    /** The smallest string greater than every string that starts with {@code prefix}. */
    public static String prefixUpperBound(String prefix) {
        return prefix + Character.MAX_VALUE;
    }

    /**
     * {@code prefix} as a LIKE pattern matching everything that starts with it. The escape character is {@code !}
     * rather than a backslash: JDBI's SQL lexer reads {@code '\'} as an unterminated string and would then skip
     * the named parameters after it.
     */
    public static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
