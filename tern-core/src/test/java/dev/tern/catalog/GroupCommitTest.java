package dev.tern.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Catalog#inGroupCommit}: many concurrent callers, each isolated from the others' failures, every returned
 * call committed, and on SQLite the waiting callers really sharing one commit.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    private static void createTable(Catalog catalog) {
        catalog.useTransaction(h -> h.execute("CREATE TABLE group_test (id INTEGER PRIMARY KEY, caller TEXT NOT NULL)"));
    }

    private static void insert(Handle h, int id, String caller) {
        h.createUpdate("INSERT INTO group_test (id, caller) VALUES (:id, :caller)").bind("id", id).bind("caller", caller)
                .execute();
    }

    private static List<Integer> ids(Catalog catalog) {
        return catalog.read(h -> h.createQuery("SELECT id FROM group_test ORDER BY id").mapTo(Integer.class).list());
    }

    @BothCatalogs
    void concurrentCallersAllCommitAndFailuresStayTheirOwn(CatalogFixture.Kind kind) throws Exception {
        try (Catalog catalog = CatalogFixture.open(kind, dir)) {
            createTable(catalog);
            int callers = 64;
            int each = 20;
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                results.add(pool.submit(() -> {
                    int committed = 0;
                    for (int i = 0; i < each; i++) {
                        int id = caller * each + i;
                        boolean fails = id % 7 == 3;
                        try {
                            int got = catalog.inGroupCommit(h -> {
                                insert(h, id, "c" + caller);
                                if (fails) {
                                    // After a write, so the rollback must undo it.
                                    throw new IllegalArgumentException("refused " + id);
                                }
                                return id;
                            });
                            assertThat(got).isEqualTo(id);
                            committed++;
                        } catch (IllegalArgumentException e) {
                            assertThat(fails).isTrue();
                            assertThat(e).hasMessage("refused " + id);
                        }
                    }
                    return committed;
                }));
            }
            int committed = 0;
            for (Future<Integer> f : results) {
                committed += f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<Integer> expected = new ArrayList<>();
            for (int id = 0; id < callers * each; id++) {
                if (id % 7 != 3) {
                    expected.add(id);
                }
            }
            assertThat(committed).isEqualTo(expected.size());
            assertThat(ids(catalog)).isEqualTo(expected);
        }
    }

    @BothCatalogs
    void aFailedStatementRollsBackOnlyItsCaller(CatalogFixture.Kind kind) {
        try (Catalog catalog = CatalogFixture.open(kind, dir)) {
            createTable(catalog);
            catalog.inGroupCommit(h -> {
                insert(h, 1, "first");
                return null;
            });
            // A constraint violation inside the work: the database error reaches the caller, and nothing it did stays.
            assertThatThrownBy(() -> catalog.inGroupCommit(h -> {
                insert(h, 2, "second");
                insert(h, 1, "duplicate");
                return null;
            })).isInstanceOf(RuntimeException.class);
            catalog.inGroupCommit(h -> {
                insert(h, 3, "third");
                return null;
            });
            assertThat(ids(catalog)).containsExactly(1, 3);
        }
    }

    @Test
    void waitingCallersShareOneCommitOnSqliteAndEachSeesOnlyItsOwnFailure() throws Exception {
        try (Catalog catalog = CatalogFixture.open(CatalogFixture.Kind.SQLITE, dir);
             GroupCommit group = new GroupCommit(catalog.jdbi())) {
            createTable(catalog);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            // The first caller holds the writer, so the next ones queue up and go in one group after it.
            Future<?> first = pool.submit(() -> group.inTransaction(h -> {
                insert(h, 0, "first");
                holding.countDown();
                await(release);
                return null;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            int queued = 10;
            List<Future<Long>> seen = new ArrayList<>();
            for (int i = 1; i <= queued; i++) {
                int id = i;
                seen.add(pool.submit(() -> group.inTransaction(h -> {
                    insert(h, id, "queued");
                    if (id == 5) {
                        throw new IllegalStateException("number 5 fails");
                    }
                    // Another connection (so another thread: Jdbi lends a thread its open handle) sees only what
                    // is committed, which within one group never changes.
                    return CompletableFuture.supplyAsync(() -> catalog.read(r -> r.createQuery(
                            "SELECT COUNT(*) FROM group_test").mapTo(Long.class).one())).join();
                })));
            }
            // Wait until all of them are queued behind the first.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (group.queued() < queued && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(group.queued()).isEqualTo(queued);
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            Set<Long> committedCounts = new HashSet<>();
            for (int i = 1; i <= queued; i++) {
                if (i == 5) {
                    int n = i;
                    assertThatThrownBy(() -> seen.get(n - 1).get(30, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("number 5 fails");
                } else {
                    committedCounts.add(seen.get(i - 1).get(30, TimeUnit.SECONDS));
                }
            }
            pool.shutdown();
            assertThat(committedCounts).as("committed rows each queued caller saw").containsExactly(1L);
            assertThat(ids(catalog)).containsExactly(0, 1, 2, 3, 4, 6, 7, 8, 9, 10);
        }
    }

    @Test
    void closingCommitsWhatIsQueuedThenRefuses() {
        Catalog catalog = CatalogFixture.open(CatalogFixture.Kind.SQLITE, dir);
        createTable(catalog);
        catalog.inGroupCommit(h -> {
            insert(h, 1, "before");
            return null;
        });
        catalog.close();
        assertThatThrownBy(() -> catalog.inGroupCommit(h -> null)).isInstanceOf(IllegalStateException.class);
        try (Catalog reopened = Catalog.open(null, dir)) {
            assertThat(ids(reopened)).containsExactly(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
