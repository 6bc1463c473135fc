package dev.tern.copy;

/**
 * Where a copy task is: QUEUED until a worker plans it, RUNNING while its blocks move, then one of the three ends.
 * Only QUEUED and RUNNING tasks are ever claimed.
 */
public enum CopyTaskState {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CopyTaskState of(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }
}
