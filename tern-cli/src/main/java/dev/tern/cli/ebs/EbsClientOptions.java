package dev.tern.cli.ebs;

import dev.tern.cli.aws.Connection;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Where and as whom {@code tern ebs} commands connect, with the AWS CLI's options and defaults, as every tern AWS
 * command ({@link Connection}): endpoint, Region and credentials from options, environment and profile, else the
 * local Tern server as the demo account. One HTTP connection pool is shared by the EBS and EC2 clients and sized for every block in flight.
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
        // The rules of every tern AWS command: options, environment, profile, else the local Tern server as the
        // demo account.
        Connection ebsAt = Connection.resolve("ebs", endpointUrl, region, profile, System.getenv());
        Connection ec2At = Connection.resolve("ec2", endpointUrl, region, profile, System.getenv());
        EbsClient ebs = configure(EbsClient.builder(), http, ebsAt.credentials(), Region.of(ebsAt.region()),
                ebsAt.endpoint())
                .putAuthScheme(new UnsignedPayloadAuthScheme())
                .build();
        return new Clients(ebs, () -> configure(Ec2Client.builder(), http, ec2At.credentials(),
                Region.of(ec2At.region()), ec2At.endpoint()).build(), http);
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
}
