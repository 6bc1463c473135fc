package dev.tern.catalog;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Secrets of this Tern, kept in the catalogue rather than in a node's memory or files, so that every node serving
 * the same catalogue (and the same node after a restart) signs and verifies with the same key. A secret is made
 * the first time it is asked for and never changes.
 */
public final class ServerSecrets {
    public static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerSecrets() {}

    /** The secret named {@code name}: the stored one, or a new random one that is stored first. */
    public static byte[] get(Catalog catalog, String name, Clock clock) {
        Optional<byte[]> stored = catalog.read(h -> find(h, name));
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        // Two nodes starting together may both get here: the insert only happens where no row is, and both then
        // read the one that won.
        return catalog.inTransaction(h -> {
            h.createUpdate("INSERT INTO server_secrets (name, secret, created_at) SELECT :name, :secret, :now"
                            + " WHERE NOT EXISTS (SELECT 1 FROM server_secrets WHERE name = :name)")
                    .bind("name", name).bind("secret", Base64.getEncoder().encodeToString(fresh))
                    .bind("now", clock.millis()).execute();
            return find(h, name).orElseThrow();
        });
    }

    private static Optional<byte[]> find(Handle h, String name) {
        return h.createQuery("SELECT secret FROM server_secrets WHERE name = :name").bind("name", name)
                .mapTo(String.class).findOne().map(Base64.getDecoder()::decode);
    }
}
