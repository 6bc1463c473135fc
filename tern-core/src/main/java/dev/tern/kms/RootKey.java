package dev.tern.kms;

import dev.tern.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The key every KMS key's material is wrapped under. It never sits in the clear in the data directory or the
 * catalogue: it comes from {@value #ENV} (base64 of 32 bytes), from the file the configuration's {@code rootKey}
 * names, or, by default, from a file beside the data directory ({@code DATA_DIR.root-key}), generated on the
 * first start. Whoever has the data directory (or the bucket, or the catalogue) without this key cannot read
 * encrypted snapshots or KMS ciphertexts.
 * <p>
 * The catalogue keeps a value sealed under the root key, so starting with another root key fails at once instead
 * of failing every decryption later.
 */
public final class RootKey {
    public static final String ENV = "TERN_ROOT_KEY";
    public static final String DEFAULT_SUFFIX = ".root-key";
    private static final byte[] CHECK_AAD = "tern-root-check/1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHECK_VALUE = "Tern root key check".getBytes(StandardCharsets.UTF_8);

    private final SecretKey key;
    private final String source;
    private final boolean generated;

    private RootKey(SecretKey key, String source, boolean generated) {
        this.key = key;
        this.source = source;
        this.generated = generated;
    }

    /**
     * The root key from {@code envValue} when set, else from {@code configuredFile} (relative to {@code configDir}),
     * else from the default file beside {@code dataDir}; a file that does not exist yet is created with a new key,
     * readable by its owner only.
     */
    public static RootKey load(String envValue, String configuredFile, Path configDir, Path dataDir) {
        if (envValue != null && !envValue.isBlank()) {
            return new RootKey(decode(envValue.strip(), ENV), "the environment variable " + ENV, false);
        }
        Path file = configuredFile != null && !configuredFile.isBlank() ? configDir.resolve(configuredFile)
                : defaultFile(dataDir);
        return fromFile(file);
    }

    /** {@code DATA_DIR.root-key}, next to the data directory and not in it. */
    public static Path defaultFile(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path name = dir.getFileName();
        return dir.resolveSibling((name == null ? "tern-data" : name.toString()) + DEFAULT_SUFFIX);
    }

    /** A key held only in memory, for tools and tests that make their own. */
    public static RootKey of(byte[] raw, String source) {
        return new RootKey(Aead.key(raw.clone()), source, false);
    }

    private static RootKey fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Optional<RootKey> made = create(file);
                if (made.isPresent()) {
                    return made.get();
                }
            }
            return new RootKey(decode(Files.readString(file).strip(), file.toString()), "the file " + file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the root key file " + file, e);
        }
    }

    /** Writes a new key to {@code file}; empty when another process created the file first. */
    private static Optional<RootKey> create(Path file) throws IOException {
        byte[] raw = Aead.randomBytes(Aead.KEY_BYTES);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(raw) + "\n", StandardOpenOption.SYNC);
        return Optional.of(new RootKey(Aead.key(raw), "the file " + file, true));
    }

    private static SecretKey decode(String base64, String where) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the root key in " + where + " is not base64");
        }
        if (raw.length != Aead.KEY_BYTES) {
            throw new IllegalArgumentException("the root key in " + where + " must be " + Aead.KEY_BYTES
                    + " bytes (base64), not " + raw.length);
        }
        return Aead.key(raw);
    }

    /** Where the key came from, for the start-up note. */
    public String source() {
        return source;
    }

    /** True when this start generated the key: the operator must learn where it is. */
    public boolean generated() {
        return generated;
    }

    /** Seals key material so that it opens only under this root key and only for {@code boundTo} (a key ARN). */
    public byte[] wrap(byte[] material, String boundTo) {
        return Aead.seal(key, material, aad(boundTo));
    }

    public byte[] unwrap(byte[] wrapped, String boundTo) {
        try {
            return Aead.open(key, wrapped, aad(boundTo));
        } catch (Aead.OpenFailed e) {
            throw new IllegalStateException("the key material of " + boundTo + " does not open under the root key from "
                    + source + ": it was altered or wrapped under another root key");
        }
    }

    /**
     * Makes sure the catalogue was set up with this root key, recording it (as a sealed check value) when the
     * catalogue has none yet.
     *
     * @throws IllegalStateException when the catalogue belongs to another root key
     */
    public void checkAgainst(Catalog catalog) {
        String sealed = Base64.getEncoder().encodeToString(Aead.seal(key, CHECK_VALUE, CHECK_AAD));
        String stored = catalog.inTransaction(h -> {
            h.createUpdate("INSERT INTO kms_root_check (name, sealed) SELECT 'root', :sealed"
                    + " WHERE NOT EXISTS (SELECT 1 FROM kms_root_check WHERE name = 'root')").bind("sealed", sealed).execute();
            return h.createQuery("SELECT sealed FROM kms_root_check WHERE name = 'root'").mapTo(String.class).one();
        });
        try {
            Aead.open(key, Base64.getDecoder().decode(stored), CHECK_AAD);
        } catch (Aead.OpenFailed | IllegalArgumentException e) {
            throw new IllegalStateException("The root key from " + source + " is not the one this catalogue's KMS keys "
                    + "are wrapped under. Start Tern with the root key it was first started with (" + ENV
                    + ", the configuration's rootKey, or the file beside the data directory).");
        }
    }

    private static byte[] aad(String boundTo) {
        return ("tern-root-wrap/1|" + boundTo).getBytes(StandardCharsets.UTF_8);
    }
}
