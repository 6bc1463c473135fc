package dev.tern.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A query in plain JDBC on a handle's connection, for the hottest reads (DescribeImages). For a query that finds a
 * row or two, JDBI's work per statement (copying its configuration, finding an argument factory per binding,
 * parsing named parameters, building result iterables) costs more than SQLite takes to run it. Statements come
 * from the catalogue's statement cache, as JDBI's do.
 */
public final class PlainQuery {
    /** Reads the current row; the result set must not be moved. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private PlainQuery() {}

    /**
     * Runs {@code sql} with its {@code ?} parameters bound in order to {@code args} (String, Long, Integer or
     * Boolean; never null) and hands each row to {@code reader}.
     */
    public static void forEachRow(Handle h, String sql, List<?> args, RowReader reader) {
        try {
            PreparedStatement stmt = StatementCache.prepare(h, sql);
            boolean failed = true;
            try {
                for (int i = 0; i < args.size(); i++) {
                    bind(stmt, i + 1, args.get(i));
                }
                try (ResultSet rs = stmt.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
                failed = false;
            } finally {
                StatementCache.release(h, sql, stmt, failed);
            }
        } catch (SQLException e) {
            throw new CatalogException("catalogue query failed: " + e.getMessage() + " [" + sql + "]", e);
        }
    }

    /** {@code ?, ?, ?}: the parameters of an {@code IN} list of {@code n} values. */
    public static String placeholders(int n) {
        return n == 1 ? "?" : "?, ".repeat(n - 1) + "?";
    }

    private static void bind(PreparedStatement stmt, int index, Object value) throws SQLException {
        switch (value) {
            case String s -> stmt.setString(index, s);
            case Long l -> stmt.setLong(index, l);
            case Integer i -> stmt.setInt(index, i);
            case Boolean b -> stmt.setBoolean(index, b);
            default -> throw new IllegalArgumentException("cannot bind " + value);
        }
    }

    /** A catalogue query that failed; the SQLException is its cause. */
    public static final class CatalogException extends RuntimeException {
        CatalogException(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
