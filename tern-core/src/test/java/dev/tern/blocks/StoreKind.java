package dev.tern.blocks;

import java.nio.file.Path;

/** The two block stores; the block tests run on each. */
enum StoreKind {
    FILES {
        @Override
        BlockStore open(Path dir) {
            return BlockStores.open(BlockStoreConfig.files(), dir);
        }
    },
    S3 {
        @Override
        BlockStore open(Path dir) {
            return S3ProxyFixture.shared().newStore();
        }
    };

    /** A new, empty store of this kind; {@code dir} is the data directory. */
    abstract BlockStore open(Path dir);
}
