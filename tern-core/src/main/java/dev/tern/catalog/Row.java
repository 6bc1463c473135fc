package dev.tern.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row's values by position, counted from 1 as in JDBC: read from a result set, or from a JSON array that the
 * query built ({@link JsonRows}), so one mapping serves both. NULL reads as null.
 */
public interface Row {
    String string(int column) throws SQLException;

    Long longValue(int column) throws SQLException;

    Boolean bool(int column) throws SQLException;

    default Integer intValue(int column) throws SQLException {
        Long v = longValue(column);
        return v == null ? null : Math.toIntExact(v);
    }

    /** The current row of {@code rs}. */
    static Row of(ResultSet rs) {
        return new Row() {
            @Override
            public String string(int column) throws SQLException {
                return rs.getString(column);
            }

            @Override
            public Long longValue(int column) throws SQLException {
                long v = rs.getLong(column);
                return rs.wasNull() ? null : v;
            }

            @Override
            public Boolean bool(int column) throws SQLException {
                boolean v = rs.getBoolean(column);
                return rs.wasNull() ? null : v;
            }
        };
    }
}
