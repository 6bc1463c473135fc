package dev.tern.server.http;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.TernConfig;
import dev.tern.server.TernApplication;
import dev.tern.server.testing.TernTestServer;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.utils.AttributeMap;

/** With {@code tls:} in the configuration Tern serves HTTPS from PEM files, and SigV4 works over it. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        writeSelfSignedPem(dir.resolve("server.crt"), dir.resolve("server.key"));
        TernConfig config = TernTestServer.defaultConfig().withTls(new TernConfig.TlsConfig("server.crt", "server.key"));
        try (TernApplication app = TernApplication.start(new TernApplication.Options(config, dir.resolve("data"),
                "127.0.0.1", 0, dir, null));
             Ec2Client ec2 = Ec2Client.builder()
                     .endpointOverride(java.net.URI.create(app.url()))
                     .region(Region.US_EAST_1)
                     .credentialsProvider(TernTestServer.credentials(ALICE))
                     .httpClient(ApacheHttpClient.builder().buildWithDefaults(AttributeMap.builder()
                             .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build()))
                     .build()) {
            assertThat(app.url()).startsWith("https://");
            assertThat(ec2.describeRegions().regions()).isNotEmpty();
        }
    }

    /** keytool (part of every JDK) makes the pair; the JDK's key store API turns it into PEM files. */
    private void writeSelfSignedPem(Path cert, Path key) throws Exception {
        Path p12 = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "tern", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes());
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(ks.getCertificate("tern").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(ks.getKey("tern", "changeit".toCharArray())
                .getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }
}
