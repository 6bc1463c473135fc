package dev.tern.catalog;

import java.util.List;

/** The few places where SQLite and PostgreSQL need different SQL; kept here and nowhere else. */
public enum Dialect {
    SQLITE, POSTGRESQL;

    /**
     * A predicate that lets an index narrow {@code column} to values starting with a literal prefix, with {@code ?}
     * parameters bound to {@link #prefixArguments}. SQLite compares bytes, so a range works; a PostgreSQL database
     * may collate by locale, where only LIKE keeps the prefix exact.
     */
    public String prefixPredicate(String column) {
        return this == SQLITE ? "(" + column + " >= ? AND " + column + " < ?)" : column + " LIKE ? ESCAPE '!'";
    }

    /** The values of {@link #prefixPredicate}'s parameters, in order. */
    public List<String> prefixArguments(String prefix) {
        return this == SQLITE ? List.of(prefix, prefixUpperBound(prefix)) : List.of(likePrefix(prefix));
    }

    /** SQL for a JSON array of the comma-separated {@code expressions}, as text: one column that carries a row. */
    public String jsonArray(String expressions) {
        return this == SQLITE ? "json_array(" + expressions + ")" : "json_build_array(" + expressions + ")::text";
    }

    /**
     * SQL aggregating a JSON array of the {@code expressions} of each of a group's rows into one JSON array, as text:
     * an empty array when there are no rows (SQLite) or NULL (PostgreSQL). The rows come in no particular order
     * (ordering them costs SQLite a sorter per group): the reader sorts them.
     */
    public String jsonArrayAgg(String expressions) {
        return this == SQLITE
                ? "json_group_array(json_array(" + expressions + "))"
                : "json_agg(json_build_array(" + expressions + "))::text";
    }

    /** The smallest string greater than every string that starts with {@code prefix}. */
    public static String prefixUpperBound(String prefix) {
        return prefix + Character.MAX_VALUE;
    }

    /**
     * {@code prefix} as a LIKE pattern matching everything that starts with it. The escape character is {@code !}
     * rather than a backslash: JDBI's SQL lexer reads {@code '\'} as an unterminated string, so SQL that JDBI
     * parses could not carry it.
     */
    public static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
