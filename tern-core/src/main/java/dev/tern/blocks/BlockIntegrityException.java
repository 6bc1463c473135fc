package dev.tern.blocks;

/**
 * A block the catalogue says is stored cannot be given back as written: its object is missing, or its bytes no
 * longer match the SHA-256 recorded when it was written. Reads fail with this rather than return other bytes.
 */
public final class BlockIntegrityException extends RuntimeException {
    public BlockIntegrityException(String message) {
        super(message);
    }
}
