package dev.tern.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every row of the catalogue at one moment, to put the catalogue back to that moment later: what a test harness
 * does between tests, so each test starts from the same state without a new server. Restoring deletes every row
 * and inserts the remembered ones, in one transaction, children after parents so foreign keys hold throughout.
 * Block files are not touched: blocks written since are no longer referenced, and the orphan sweep removes them.
 */
public final class CatalogBaseline {
    /** Flyway's own table: migrations do not change while a server runs. */
    private static final String SCHEMA_HISTORY = "flyway_schema_history";

    private record Table(String name, List<String> columns, List<Object[]> rows) {}

    /**
     * The tables in insert order, per engine: the same migrations make the same tables, and reading them from the
     * driver's metadata is slow (SQLite's answers each question with queries of its own).
     */
    private static final Map<Dialect, List<String>> TABLES = new java.util.concurrent.ConcurrentHashMap<>();

    /** In insert order: a table comes after every table it refers to. */
    private final List<Table> tables;

    private CatalogBaseline(List<Table> tables) {
        this.tables = tables;
    }

    /** Remembers every row of every catalogue table now. */
    public static CatalogBaseline capture(Catalog catalog) {
        return catalog.read(h -> {
            try {
                Connection c = h.getConnection();
                List<Table> tables = new ArrayList<>();
                for (String name : TABLES.computeIfAbsent(catalog.dialect(), d -> tablesParentsFirst(c))) {
                    tables.add(read(c, name));
                }
                return new CatalogBaseline(tables);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the catalogue's tables: " + e.getMessage(), e);
            }
        });
    }

    /** Puts the catalogue back to the captured rows, in one transaction. */
    public void restore(Catalog catalog) {
        catalog.useTransaction(h -> {
            try {
                Connection c = h.getConnection();
                try (Statement s = c.createStatement()) {
                    for (int i = tables.size() - 1; i >= 0; i--) {
                        s.addBatch("DELETE FROM " + tables.get(i).name());
                    }
                    s.executeBatch();
                }
                for (Table t : tables) {
                    insert(c, t);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot restore the catalogue: " + e.getMessage(), e);
            }
        });
    }

    /** How many rows the baseline holds, over all tables. */
    public int rows() {
        return tables.stream().mapToInt(t -> t.rows().size()).sum();
    }

    private static List<String> tablesParentsFirst(Connection c) {
        try {
            return List.copyOf(readTablesParentsFirst(c));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the catalogue's tables: " + e.getMessage(), e);
        }
    }

    private static List<String> readTablesParentsFirst(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals(SCHEMA_HISTORY) && !lower.startsWith("sqlite_")) {
                    parents.put(name, new LinkedHashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
            try (ResultSet rs = meta.getImportedKeys(null, schema, e.getKey())) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME");
                    if (!parent.equalsIgnoreCase(e.getKey())) {
                        e.getValue().add(parent);
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        for (String name : parents.keySet()) {
            place(name, parents, placed, ordered);
        }
        return ordered;
    }

    private static void place(String name, Map<String, Set<String>> parents, Set<String> placed, List<String> ordered) {
        if (!placed.add(name)) {
            return;
        }
        for (String parent : parents.getOrDefault(name, Set.of())) {
            if (parents.containsKey(parent)) {
                place(parent, parents, placed, ordered);
            }
        }
        ordered.add(name);
    }

    private static Table read(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + name)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> columns = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                columns.add(rs.getMetaData().getColumnName(i));
            }
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
            return new Table(name, List.copyOf(columns), List.copyOf(rows));
        }
    }

    private static void insert(Connection c, Table t) throws SQLException {
        if (t.rows().isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + t.name() + " (" + String.join(", ", t.columns()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(t.columns().size(), "?")) + ")";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (Object[] row : t.rows()) {
                for (int i = 0; i < row.length; i++) {
                    p.setObject(i + 1, row[i]);
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}
