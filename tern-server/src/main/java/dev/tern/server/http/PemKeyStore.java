package dev.tern.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/** Builds an in-memory key store from a PEM certificate chain and a PEM (PKCS#8) private key. */
final class PemKeyStore {
    static final String PASSWORD = "tern";

    private PemKeyStore() {}

    static KeyStore load(Path certificateFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateFile)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("tls: no certificate in " + certificateFile);
            }
            byte[] der = pemBody(Files.readString(keyFile), keyFile);
            PrivateKey key = null;
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    break;
                } catch (GeneralSecurityException ignored) {
                    // try the next algorithm
                }
            }
            if (key == null) {
                throw new IllegalArgumentException("tls: " + keyFile + " is not a PKCS#8 RSA, EC or Ed25519 private key "
                        + "(BEGIN PRIVATE KEY)");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("tern", key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: cannot load " + certificateFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static byte[] pemBody(String pem, Path file) {
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("tls: " + file + " has no '-----BEGIN PRIVATE KEY-----' block (PKCS#8 PEM)");
        }
        String base64 = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
