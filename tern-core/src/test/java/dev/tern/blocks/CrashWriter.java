package dev.tern.blocks;

import dev.tern.catalog.Catalog;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The child process of {@link BlockCrashTest}: runs {@link CrashWorkload} against a real catalogue and block store
 * and prints {@code ACK n} once op {@code n} has returned, until it is killed.
 * <p>
 * Arguments: {@code FIRST_OP DATA_DIR JDBC_URL} (empty for SQLite in the data directory), then for S3
 * {@code s3://BUCKET/PREFIX ENDPOINT ACCESS_KEY SECRET_KEY}.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) {
        int first = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        BlockStoreConfig config = args.length > 3
                ? BlockStoreConfig.s3(args[3], args[4], args[5], args[6])
                : BlockStoreConfig.files();
        try (Catalog catalog = Catalog.open(args[2], dataDir); BlockStore store = BlockStores.open(config, dataDir)) {
            SnapshotBlocks blocks = new SnapshotBlocks(catalog, store, Clock.systemUTC());
            System.out.println("READY");
            System.out.flush();
            for (int op = first; op < 100_000; op++) {
                CrashWorkload.apply(op, blocks);
                System.out.println("ACK " + op);
                System.out.flush();
            }
        }
    }
}
