package dev.tern.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps prepared statements open per physical connection and hands them out again for the same SQL. The SQLite
 * driver neither caches statements nor is cheap to prepare them (it reads every result column's name through JNI
 * on each prepare), and JDBI and HikariCP cache nothing either, so a hot read such as DescribeImages spent most of
 * its time preparing. PostgreSQL's driver has its own cache and does not need this.
 *
 * <p>A statement is taken out of the cache while in use and put back when JDBI (or {@link PlainQuery}) closes it,
 * so two uses of the same SQL on one connection never share a statement. Statements are prepared on the unwrapped
 * physical connection so the pool does not close them when the connection goes back to it; a cache whose
 * connection is closed is dropped.
 */
final class StatementCache implements StatementBuilderFactory {
    // Dynamic SQL (IN lists of varying length) makes many distinct strings; the least recently used are closed.
    private static final int MAX_PER_CONNECTION = 128;

    private final Class<? extends Connection> physicalType;
    private final Map<Connection, PerConnection> caches = new IdentityHashMap<>();

    StatementCache(Class<? extends Connection> physicalType) {
        this.physicalType = physicalType;
    }

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        try {
            Connection physical = conn.unwrap(physicalType);
            synchronized (caches) {
                dropClosed();
                return caches.computeIfAbsent(physical, PerConnection::new);
            }
        } catch (SQLException e) {
            return new DefaultStatementBuilder();
        }
    }

    /** A statement for {@code sql} on the handle's connection: a cached one when the handle has a cache. */
    static PreparedStatement prepare(Handle h, String sql) throws SQLException {
        return h.getStatementBuilder() instanceof PerConnection cache
                ? cache.take(sql)
                : h.getConnection().prepareStatement(sql);
    }

    /**
     * Gives back a statement from {@link #prepare} once its results are closed; one that failed is closed instead,
     * since its state is unknown.
     */
    static void release(Handle h, String sql, PreparedStatement stmt, boolean failed) throws SQLException {
        if (!failed && h.getStatementBuilder() instanceof PerConnection cache) {
            cache.giveBack(sql, stmt);
        } else {
            stmt.close();
        }
    }

    private void dropClosed() {
        for (Iterator<Connection> it = caches.keySet().iterator(); it.hasNext(); ) {
            try {
                if (it.next().isClosed()) {
                    it.remove();
                }
            } catch (SQLException e) {
                it.remove();
            }
        }
    }

    /** The cached statements of one physical connection, which the pool gives to one thread at a time. */
    private static final class PerConnection extends DefaultStatementBuilder {
        private final Connection physical;
        private final Map<Statement, String> inUse = new IdentityHashMap<>();
        private final LinkedHashMap<String, Deque<PreparedStatement>> idle = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<PreparedStatement>> eldest) {
                if (size() <= MAX_PER_CONNECTION) {
                    return false;
                }
                eldest.getValue().forEach(PerConnection::closeQuietly);
                return true;
            }
        };

        PerConnection(Connection physical) {
            this.physical = physical;
        }

        @Override
        public synchronized PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
                return super.create(conn, sql, ctx);
            }
            PreparedStatement stmt = take(sql);
            inUse.put(stmt, sql);
            return stmt;
        }

        synchronized PreparedStatement take(String sql) throws SQLException {
            Deque<PreparedStatement> free = idle.get(sql);
            PreparedStatement stmt = free == null ? null : free.poll();
            return stmt != null ? stmt : physical.prepareStatement(sql);
        }

        synchronized void giveBack(String sql, PreparedStatement stmt) throws SQLException {
            if (stmt.isClosed()) {
                return;
            }
            stmt.clearParameters();
            idle.computeIfAbsent(sql, k -> new ArrayDeque<>()).push(stmt);
        }

        @Override
        public synchronized void close(Connection conn, String sql, Statement stmt) throws SQLException {
            // JDBI passes the SQL as written (named parameters), not as prepared: the key is what create() saw.
            String preparedSql = inUse.remove(stmt);
            if (preparedSql == null || stmt.isClosed()) {
                super.close(conn, sql, stmt);
                return;
            }
            giveBack(preparedSql, (PreparedStatement) stmt);
        }

        private static void closeQuietly(Statement s) {
            try {
                s.close();
            } catch (SQLException e) {
                // The statement is being discarded; a failure to close it changes nothing.
            }
        }
    }
}
