package dev.tern.junit;

/** How long one Tern server lives under a {@link TernExtension}. */
public enum Lifecycle {
    /**
     * One server for the test class; between its tests the catalogue is put back to how it stood before the first
     * test (after {@code @BeforeAll}), so what a test makes is gone for the next and what the class made stays.
     */
    PER_CLASS,
    /** A new server, with a new data directory, for every test method. */
    PER_METHOD
}
