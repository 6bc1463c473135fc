package dev.tern.blocks;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where block data lives: immutable objects under keys made by {@link BlockKeys}. It knows nothing of snapshots
 * or reference counts; {@link SnapshotBlocks} keeps those in the catalogue and decides what to write and delete.
 * <p>
 * Every method throws {@link BlockStoreException} when the store cannot be reached or fails.
 */
public interface BlockStore extends AutoCloseable {

    /** An object as a listing shows it. {@code written} is when it was stored, by the store's clock. */
    record StoredObject(String key, Instant written) {}

    /**
     * Stores {@code data} under {@code key}. When this returns, the object is durable (it survives a crash of this
     * process and of the machine) and complete: no reader ever sees part of it under {@code key}. Keys are never
     * reused, so an object, once written, never changes.
     */
    void put(String key, byte[] data);

    /** The object's bytes, or empty when there is no object under {@code key}. */
    Optional<byte[]> get(String key);

    boolean exists(String key);

    /** Removes the object; removing one that is not there is not an error. */
    void delete(String key);

    /**
     * Hands every object of this store to {@code each}, in no particular order. Only keys that {@link BlockKeys}
     * accepts are listed, so anything else sharing the place is never taken for garbage. {@code each} may delete
     * the object it is handed.
     */
    void list(Consumer<StoredObject> each);

    /**
     * Removes the leftovers of writes that never completed and began before {@code cutoff} (for a store that has
     * such leftovers at all), and returns how many it removed.
     */
    default int removeIncomplete(Instant cutoff) {
        return 0;
    }

    /**
     * Whether only this process writes to the store (files under its own data directory), so that at start
     * whatever it holds unfinished or unreferenced is a dead process's leftover. A store other nodes may share (a
     * bucket) says no: their writes may be under way.
     */
    default boolean privateToThisProcess() {
        return false;
    }

    @Override
    void close();
}
