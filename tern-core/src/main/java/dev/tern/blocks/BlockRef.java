package dev.tern.blocks;

/**
 * One written block of a snapshot: its index, the SHA-256 (hex) of its data, and the stored object holding it, or
 * null for a block written as all zeros, which takes no storage.
 */
public record BlockRef(int blockIndex, String checksum, String blockKey) {
    public boolean isZero() {
        return blockKey == null;
    }
}
