package dev.tern.blocks;

/** The block store could not do what was asked: a disk or network failure, or a store refusing the request. */
public final class BlockStoreException extends RuntimeException {
    public BlockStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
