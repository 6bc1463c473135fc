package dev.tern.blocks;

/**
 * A block as read back: its data, checked against what was stored, and the SHA-256 (hex) recorded for it when it was
 * written, which is then the data's own.
 */
public record BlockData(byte[] data, String checksum) {}
