package dev.tern.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits the ids of an {@code IN (...)} query into batches, so a page of results is loaded with a few queries
 * (never one per item) while staying well under each database's limit on bound parameters.
 */
public final class InBatches {
    public static final int SIZE = 500;

    private InBatches() {}

    public static void forEach(Collection<String> ids, Consumer<List<String>> batch) {
        List<String> all = ids instanceof List<String> l ? l : new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += SIZE) {
            batch.accept(all.subList(i, Math.min(all.size(), i + SIZE)));
        }
    }
}
