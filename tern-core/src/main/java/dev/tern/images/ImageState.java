package dev.tern.images;

/** The states of an image Tern uses, by their EC2 names. */
public enum ImageState {
    PENDING("pending"), AVAILABLE("available"), FAILED("failed"), DEREGISTERED("deregistered");

    private final String wire;

    ImageState(String wire) {
        this.wire = wire;
    }

    /** The name EC2 shows, e.g. {@code available}. */
    public String wire() {
        return wire;
    }

    public static ImageState of(String wire) {
        for (ImageState s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not an image state: " + wire);
    }
}
