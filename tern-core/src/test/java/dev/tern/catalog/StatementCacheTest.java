package dev.tern.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite statements are reused across requests; reuse must never show stale data or mix two open uses. */
class StatementCacheTest {
    @TempDir
    Path dir;

    @Test
    void aReusedStatementSeesEveryCommittedWrite() {
        try (Catalog catalog = Catalog.open(null, dir)) {
            catalog.useTransaction(h -> h.execute("CREATE TABLE t (v INTEGER)"));
            for (int i = 1; i <= 50; i++) {
                int v = i;
                catalog.useTransaction(h -> h.createUpdate("INSERT INTO t (v) VALUES (:v)").bind("v", v).execute());
                int count = catalog.read(h -> h.createQuery("SELECT COUNT(*) FROM t WHERE v > :min").bind("min", 0)
                        .mapTo(Integer.class).one());
                assertThat(count).isEqualTo(i);
            }
        }
    }

    @Test
    void theSameSqlOpenTwiceOnOneHandleGetsTwoStatements() {
        try (Catalog catalog = Catalog.open(null, dir)) {
            catalog.useTransaction(h -> h.execute("CREATE TABLE t (v INTEGER)"));
            catalog.useTransaction(h -> h.createUpdate("INSERT INTO t (v) VALUES (1), (2), (3)").execute());
            List<Integer> pairs = catalog.read(h -> {
                try (var outer = h.createQuery("SELECT v FROM t WHERE v >= :min ORDER BY v").bind("min", 1).mapTo(Integer.class).stream()) {
                    return outer.map(a -> a * 10 + h.createQuery("SELECT v FROM t WHERE v >= :min ORDER BY v")
                            .bind("min", a).mapTo(Integer.class).list().size()).toList();
                }
            });
            assertThat(pairs).containsExactly(13, 22, 31);
        }
    }

    @Test
    void aPlainQueryReusesItsStatementYetSeesEveryCommittedWrite() {
        try (Catalog catalog = Catalog.open(null, dir)) {
            catalog.useTransaction(h -> h.execute("CREATE TABLE t (v INTEGER)"));
            for (int i = 1; i <= 50; i++) {
                int v = i;
                catalog.useTransaction(h -> h.createUpdate("INSERT INTO t (v) VALUES (:v)").bind("v", v).execute());
                List<Integer> count = new ArrayList<>();
                catalog.read(h -> {
                    PlainQuery.forEachRow(h, "SELECT COUNT(*) FROM t WHERE v > ?", List.of(0), rs -> count.add(rs.getInt(1)));
                    return null;
                });
                assertThat(count).containsExactly(i);
            }
        }
    }

    @Test
    void aPlainQueryStoppedByItsReaderLeavesTheNextUseWhole() {
        try (Catalog catalog = Catalog.open(null, dir)) {
            catalog.useTransaction(h -> h.execute("CREATE TABLE t (v INTEGER)"));
            catalog.useTransaction(h -> h.createUpdate("INSERT INTO t (v) VALUES (1), (2), (3)").execute());
            String sql = "SELECT v FROM t WHERE v >= ? ORDER BY v";
            assertThatThrownBy(() -> catalog.read(h -> {
                PlainQuery.forEachRow(h, sql, List.of(1), rs -> {
                    throw new IllegalStateException("stop at " + rs.getInt(1));
                });
                return null;
            })).hasMessage("stop at 1");
            List<Integer> all = new ArrayList<>();
            catalog.read(h -> {
                PlainQuery.forEachRow(h, sql, List.of(1), rs -> all.add(rs.getInt(1)));
                return null;
            });
            assertThat(all).containsExactly(1, 2, 3);
        }
    }
}
