package dev.tern.cli.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.AttributeMap;

/** Builds the SDK client of a service from the resolved configuration and the global options. */
final class ClientFactory {
    private ClientFactory() {}

    /** The CA bundle is read only for an https endpoint: over plain http it would be parsed for nothing. */
    static SdkHttpClient http(GlobalOptions o, Path caBundle, URI endpoint) {
        ApacheHttpClient.Builder b = ApacheHttpClient.builder()
                .connectionTimeout(seconds(o.connectTimeout))
                .socketTimeout(seconds(o.readTimeout));
        if (caBundle != null && !o.noVerifySsl && "https".equalsIgnoreCase(endpoint.getScheme())) {
            TrustManagerFactory tmf = trust(caBundle);
            b.tlsTrustManagersProvider(tmf::getTrustManagers);
        }
        if (o.noVerifySsl) {
            return b.buildWithDefaults(AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build());
        }
        return b.build();
    }

    /** The AWS CLI's default is 60 s; 0 means no time-out. */
    private static Duration seconds(Integer value) {
        int s = value == null ? 60 : value;
        return s == 0 ? Duration.ZERO : Duration.ofSeconds(s);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static SdkClient client(Service service, CliConfig config, URI endpoint, SdkHttpClient http) {
        AwsClientBuilder builder = service.builder.get();
        ((SdkSyncClientBuilder) builder).httpClient(http);
        builder.region(Region.of(config.region(endpoint)));
        builder.credentialsProvider(config.credentials(endpoint));
        builder.endpointOverride(endpoint);
        // The SDK's own settings of the profile (retry_mode, ...) come from the caller's files too.
        builder.overrideConfiguration(ClientOverrideConfiguration.builder().defaultProfileFile(config.profileFiles())
                .defaultProfileName(config.profileName()).build());
        return (SdkClient) builder.build();
    }

    private static TrustManagerFactory trust(Path pem) {
        // Read whole first: the certificate parser reads a stream a byte at a time, a system call each unbuffered.
        try (InputStream in = new java.io.ByteArrayInputStream(Files.readAllBytes(pem))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new CliConfig.ConfigException("Unable to load the CA bundle " + pem + ": " + e.getMessage());
        }
    }
}
