package dev.tern.server.testing;

import dev.tern.config.TernConfig;
import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.server.TernApplication;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.auth.scheme.EbsAuthSchemeProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.auth.scheme.Ec2AuthSchemeProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.outposts.OutpostsClient;

/**
 * A real Tern server on port 0 with a fresh data directory, for a test class:
 * {@code @RegisterExtension static TernTestServer tern = new TernTestServer();}. Three accounts are
 * configured; clients are the AWS SDK for Java v2, pointed at the server. Each client owns its HTTP client, so
 * closing it closes its connections: the server's graceful stop then has no idle connection to wait out.
 */
public final class TernTestServer implements BeforeAllCallback, AfterAllCallback {
    public static final String ALICE = "111122223333";
    public static final String BOB = "444455556666";
    public static final String CAROL = "777788889999";
    public static final String OUTPOST_ARN = "arn:aws:outposts:us-east-1:111122223333:outpost/op-0123456789abcdef0";

    private final UnaryOperator<TernConfig> customize;
    private final Clock clock;
    private Path home;
    private Path dataDir;
    private TernApplication app;

    public TernTestServer() {
        this(UnaryOperator.identity());
    }

    /** @param customize changes to the default test configuration (catalogue URL, regions, ...) */
    public TernTestServer(UnaryOperator<TernConfig> customize) {
        this(customize, null);
    }

    /**
     * @param clock the server's clock, which a test may move (null: the system clock); clients made with
     *     {@link #signingClock} sign by it, so SigV4 still accepts them
     */
    public TernTestServer(UnaryOperator<TernConfig> customize, Clock clock) {
        this.customize = customize;
        this.clock = clock;
    }

    public static TernConfig defaultConfig() {
        return TernConfig.empty().withAccounts(List.of(
                new AccountConfig(ALICE, "alice", List.of(new AccessKeyConfig(accessKey(ALICE), secret(ALICE)))),
                new AccountConfig(BOB, null, List.of(new AccessKeyConfig(accessKey(BOB), secret(BOB)))),
                new AccountConfig(CAROL, null, List.of(new AccessKeyConfig(accessKey(CAROL), secret(CAROL))))))
                .withRegions(List.of(
                        new TernConfig.RegionConfig("us-east-1", null, null,
                                List.of(new TernConfig.OutpostConfig(OUTPOST_ARN))),
                        new TernConfig.RegionConfig("us-west-2", null, null, List.of()),
                        new TernConfig.RegionConfig("eu-west-1", null, false, List.of())));
    }

    public static String accessKey(String account) {
        return "AKIATEST" + account;
    }

    public static String secret(String account) {
        return "secret-of-" + account;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws Exception {
        home = Files.createTempDirectory("tern-test");
        dataDir = home.resolve("data");
        // The root key beside the data directory, as by default, but inside this test's own directory.
        TernConfig config = customize.apply(defaultConfig().withRootKey(rootKeyFile().toString()));
        app = TernApplication.start(new TernApplication.Options(config, dataDir, "127.0.0.1", 0, null, clock));
    }

    /** The root key's file: outside the data directory, as a deployment keeps it. */
    public Path rootKeyFile() {
        return home.resolve("root.key");
    }

    public void stop() throws Exception {
        if (app != null) {
            app.close();
            app = null;
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public TernApplication app() {
        return app;
    }

    /** The server's data directory: the catalogue and, by default, the block files. */
    public Path dataDir() {
        return dataDir;
    }

    public URI endpoint() {
        return URI.create(app.url());
    }

    public Ec2Client ec2(String account) {
        return ec2(account, "us-east-1");
    }

    public Ec2Client ec2(String account, String region) {
        return connect(Ec2Client.builder(), account, region).build();
    }

    public KmsClient kms(String account) {
        return kms(account, "us-east-1");
    }

    public KmsClient kms(String account, String region) {
        return connect(KmsClient.builder(), account, region).build();
    }

    /** An EBS direct APIs client of {@code account} in us-east-1, signing by the server's clock. */
    public EbsClient ebs(String account) {
        return ebs(account, "us-east-1");
    }

    public EbsClient ebs(String account, String region) {
        EbsAuthSchemeProvider auth = EbsAuthSchemeProvider.defaultProvider();
        return connect(EbsClient.builder(), account, region)
                .authSchemeProvider(params -> withSigningClock(auth.resolveAuthScheme(params)))
                .build();
    }

    /** An EC2 client that signs by the server's clock, for a server whose clock a test moves. */
    public Ec2Client ec2SigningByServerClock(String account, String region) {
        Ec2AuthSchemeProvider auth = Ec2AuthSchemeProvider.defaultProvider();
        return connect(Ec2Client.builder(), account, region)
                .authSchemeProvider(params -> withSigningClock(auth.resolveAuthScheme(params)))
                .build();
    }

    /** {@code builder} pointed at this server as {@code account} in {@code region}, with an HTTP client of its own. */
    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B connect(B builder, String account,
            String region) {
        return builder.endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials(account))
                .httpClientBuilder(ApacheHttpClient.builder());
    }

    private List<AuthSchemeOption> withSigningClock(List<AuthSchemeOption> options) {
        Clock signing = signingClock();
        return options.stream().map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signing).build()).toList();
    }

    /** The clock clients sign by: the server's, so a server whose clock a test moves still accepts them. */
    public Clock signingClock() {
        return clock == null ? Clock.systemUTC() : clock;
    }

    public OutpostsClient outposts(String account) {
        return connect(OutpostsClient.builder(), account, "us-east-1").build();
    }

    public static StaticCredentialsProvider credentials(String account) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(account), secret(account)));
    }
}
