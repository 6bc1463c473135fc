package dev.tern.snapshots;

/** The states of a snapshot, by their EC2 names. */
public enum SnapshotState {
    PENDING("pending"), COMPLETED("completed"), ERROR("error");

    private final String wire;

    SnapshotState(String wire) {
        this.wire = wire;
    }

    /** The name EC2 shows, e.g. {@code completed}. */
    public String wire() {
        return wire;
    }

    public static SnapshotState of(String wire) {
        for (SnapshotState s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a snapshot state: " + wire);
    }
}
