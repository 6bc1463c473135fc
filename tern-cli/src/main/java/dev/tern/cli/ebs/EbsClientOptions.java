package dev.tern.cli.ebs;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Where and as whom {@code tern ebs} commands connect, with the AWS CLI's options and defaults: credentials from
 * the SDK's default chain (environment, profiles, ...), the Region from AWS_REGION or AWS_DEFAULT_REGION or the
 * profile. One HTTP connection pool is shared by the EBS and EC2 clients and sized for every block in flight.
 */
public final class EbsClientOptions {
    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send requests to this URL (e.g. a Tern server) instead of AWS's endpoint for the Region.")
    URI endpointUrl;

    @Option(names = "--region", description = "AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's).")
    String region;

    @Option(names = "--profile", description = "Use credentials and Region from this profile of ~/.aws/config.")
    String profile;

    /**
     * The clients of one command; closing it closes the shared connection pool too. The EC2 client is built only
     * when asked for: its model is large, and building it would add a second or so to every download.
     */
    public static final class Clients implements AutoCloseable {
        private final EbsClient ebs;
        private final Supplier<Ec2Client> ec2Factory;
        private final SdkHttpClient http;
        private Ec2Client ec2;

        Clients(EbsClient ebs, Supplier<Ec2Client> ec2Factory, SdkHttpClient http) {
            this.ebs = ebs;
            this.ec2Factory = ec2Factory;
            this.http = http;
        }

        public EbsClient ebs() {
            return ebs;
        }

        public synchronized Ec2Client ec2() {
            if (ec2 == null) {
                ec2 = ec2Factory.get();
            }
            return ec2;
        }

        @Override
        public synchronized void close() {
            ebs.close();
            if (ec2 != null) {
                ec2.close();
            }
            http.close();
        }
    }

    public Clients connect(int concurrency) {
        // No 100-continue round trip per block (it only adds latency); an error answer still ends an upload.
        SdkHttpClient http = new BulkHttpClient(concurrency + 4, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofMinutes(2), ProxyConfiguration.builder().build());
        AwsCredentialsProvider credentials = credentials();
        Region resolvedRegion = region();
        EbsClient ebs = configure(EbsClient.builder(), http, credentials, resolvedRegion, endpointUrl)
                .putAuthScheme(new UnsignedPayloadAuthScheme())
                .build();
        return new Clients(ebs,
                () -> configure(Ec2Client.builder(), http, credentials, resolvedRegion, endpointUrl).build(), http);
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, SdkHttpClient http,
            AwsCredentialsProvider credentials, Region region, URI endpointUrl) {
        builder.httpClient(http)
                .credentialsProvider(credentials)
                // Retrier decides about retries, for every call, with one policy.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (region != null) {
            builder.region(region);
        }
        if (endpointUrl != null) {
            builder.endpointOverride(endpointUrl);
        }
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        return profile == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
    }

    /** Null leaves the choice to the SDK's own chain (system property, environment, profile, instance metadata). */
    Region region() {
        if (region != null && !region.isBlank()) {
            return Region.of(region);
        }
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                return Region.of(value);
            }
        }
        if (profile != null) {
            return ProfileFile.defaultProfileFile().profile(profile)
                    .flatMap(p -> p.property(ProfileProperty.REGION))
                    .map(Region::of).orElse(null);
        }
        return null;
    }
}
