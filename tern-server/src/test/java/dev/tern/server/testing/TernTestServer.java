package dev.tern.server.testing;

import dev.tern.config.TernConfig;
import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.junit.TernAccount;
import dev.tern.junit.TernExtension;
import dev.tern.kms.RootKey;
import dev.tern.server.TernApplication;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.outposts.OutpostsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A real Tern server on port 0 with a fresh data directory, for a test class:
 * {@code @RegisterExtension static TernTestServer tern = new TernTestServer();}. It is {@link TernExtension} (the
 * tern-junit module) with the suite's configuration: three accounts, three Regions, an Outpost, and no reset between
 * tests (the suite's classes share what their tests make). Clients are the AWS SDK for Java v2, each with an HTTP
 * client of its own and owned by the caller, who closes it.
 */
public final class TernTestServer implements BeforeAllCallback, AfterAllCallback {
    public static final String ALICE = "111122223333";
    public static final String BOB = "444455556666";
    public static final String CAROL = "777788889999";
    public static final String OUTPOST_ARN = "arn:aws:outposts:us-east-1:111122223333:outpost/op-0123456789abcdef0";

    private final TernExtension extension;

    public TernTestServer() {
        this(UnaryOperator.identity());
    }

    /** @param customize changes to the default test configuration (catalogue URL, regions, ...) */
    public TernTestServer(UnaryOperator<TernConfig> customize) {
        this(customize, null);
    }

    /**
     * @param clock the server's clock, which a test may move (null: the system clock); the clients sign by it, so
     *     SigV4 still accepts them
     */
    public TernTestServer(UnaryOperator<TernConfig> customize, Clock clock) {
        extension = TernExtension.builder()
                .config(defaultConfig())
                .configure(customize)
                .clock(clock)
                .resetBetweenTests(false)
                .build();
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

    private static TernAccount account(String id) {
        return new TernAccount(id, accessKey(id), secret(id));
    }

    public static String accessKey(String account) {
        return "AKIATEST" + account;
    }

    public static String secret(String account) {
        return "secret-of-" + account;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        extension.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        extension.afterAll(context);
    }

    /** The extension underneath, for its fixtures and managed clients. */
    public TernExtension extension() {
        return extension;
    }

    public TernApplication app() {
        return extension.server().application();
    }

    /** The root key's file: beside the data directory, outside it, as a deployment keeps it. */
    public Path rootKeyFile() {
        return RootKey.defaultFile(dataDir());
    }

    /** The server's data directory: the catalogue and, by default, the block files. */
    public Path dataDir() {
        return extension.dataDir();
    }

    public URI endpoint() {
        return extension.endpoint();
    }

    public Ec2Client ec2(String account) {
        return ec2(account, "us-east-1");
    }

    public Ec2Client ec2(String account, String region) {
        return extension.ec2Builder(account, region).build();
    }

    public KmsClient kms(String account) {
        return kms(account, "us-east-1");
    }

    public KmsClient kms(String account, String region) {
        return extension.kmsBuilder(account, region).build();
    }

    /** An EBS direct APIs client of {@code account} in us-east-1, signing by the server's clock. */
    public EbsClient ebs(String account) {
        return ebs(account, "us-east-1");
    }

    public EbsClient ebs(String account, String region) {
        return extension.ebsBuilder(account, region).build();
    }

    /** An EC2 client that signs by the server's clock, for a server whose clock a test moves. */
    public Ec2Client ec2SigningByServerClock(String account, String region) {
        return extension.ec2Builder(account, region).build();
    }

    /** The clock clients sign by: the server's, so a server whose clock a test moves still accepts them. */
    public Clock signingClock() {
        return extension.signingClock();
    }

    public OutpostsClient outposts(String account) {
        return extension.outpostsBuilder(account, "us-east-1").build();
    }

    /** An IAM client of {@code account}'s root (IAM is global; it signs for us-east-1 as AWS's does). */
    public IamClient iam(String account) {
        return extension.connect(IamClient.builder(), account, "us-east-1").build();
    }

    public StsClient sts(String account) {
        return extension.connect(StsClient.builder(), account, "us-east-1").build();
    }

    /**
     * {@code builder} pointed at this server in {@code region}, signing with another key than an account root's (an
     * IAM user's, from CreateAccessKey): {@code as(Ec2Client.builder(), id, secret, "us-east-1").build()}.
     */
    public <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B as(B builder, String accessKeyId,
            String secretAccessKey, String region) {
        return extension.connect(builder, ALICE, region).credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
    }

    public static StaticCredentialsProvider credentials(String account) {
        return account(account).credentials();
    }
}
