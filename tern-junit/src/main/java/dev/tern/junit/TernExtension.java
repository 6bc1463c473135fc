package dev.tern.junit;

import dev.tern.TernServices;
import dev.tern.account.Account;
import dev.tern.account.CallContext;
import dev.tern.config.DemoData;
import dev.tern.config.Region;
import dev.tern.config.TernConfig;
import dev.tern.server.Tern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.EbsClientBuilder;
import software.amazon.awssdk.services.ebs.auth.scheme.EbsAuthSchemeProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.auth.scheme.Ec2AuthSchemeProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.auth.scheme.KmsAuthSchemeProvider;
import software.amazon.awssdk.services.outposts.OutpostsClient;
import software.amazon.awssdk.services.outposts.OutpostsClientBuilder;
import software.amazon.awssdk.services.outposts.auth.scheme.OutpostsAuthSchemeProvider;

/**
 * A real Tern, in the test's own JVM, for JUnit 5 tests: the same server {@code tern server} runs, on a free port,
 * with a temporary data directory (or one given), answering the AWS SDK's clients.
 *
 * <pre>{@code
 * @RegisterExtension
 * static TernExtension tern = TernExtension.builder().regions("us-east-1", "us-west-2").build();
 * }</pre>
 *
 * With the default {@link Lifecycle#PER_CLASS} one server serves the class and, after each test, the catalogue is put
 * back to how it stood before the first test: what {@code @BeforeAll} made is shared by every test, what a test made
 * is gone for the next. {@link Lifecycle#PER_METHOD} (or registering the extension on an instance field) gives each
 * test a server of its own.
 *
 * <p>Clients from {@link #ec2()}, {@link #ebs()}, {@link #kms()}, {@link #outposts()} and their overloads, or injected
 * into test methods as parameters, belong to the extension, which closes them with the server: do not close them.
 * The {@code ...Builder} methods give a configured builder for a client the caller owns.
 */
public final class TernExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    /** The account when none is configured: the AWS documentation's example account and key pair. */
    public static final TernAccount DEFAULT_ACCOUNT =
            new TernAccount(DemoData.ACCOUNT_ID, DemoData.ACCESS_KEY_ID, DemoData.SECRET_ACCESS_KEY);
    /** The Region clients work in when the builder names none. */
    public static final String DEFAULT_REGION = "us-east-1";

    private final Tern.Builder server;
    private final List<TernAccount> accounts;
    private final String defaultRegion;
    private final Lifecycle lifecycle;
    private final boolean resetBetweenTests;
    private final Clock clock;

    private Tern tern;
    /** The test context that started the running server; only it stops it (nested classes share it). */
    private String startedBy;
    private boolean baselineMarked;
    private final Map<String, SdkClient> clients = new LinkedHashMap<>();

    private TernExtension(Builder b) {
        this.lifecycle = b.lifecycle;
        this.resetBetweenTests = b.resetBetweenTests;
        this.clock = b.clock;
        Tern.Builder s = Tern.builder().config(b.config).clock(b.clock).demo(b.demo).dataDir(b.dataDir);
        List<TernAccount> given = new ArrayList<>(b.accounts);
        if (given.isEmpty() && b.config.accounts().isEmpty() && !b.demo) {
            given.add(DEFAULT_ACCOUNT);
        }
        for (TernAccount a : given) {
            if (b.config.accounts().stream().noneMatch(c -> c.id().equals(a.id()))) {
                s.account(a.id(), a.accessKeyId(), a.secretAccessKey());
            }
        }
        if (!b.regions.isEmpty()) {
            s.regions(b.regions.toArray(String[]::new));
        }
        b.outposts.forEach(s::outpost);
        if (b.catalog != null) {
            s.catalog(b.catalog);
        }
        b.changes.forEach(s::configure);
        this.server = s;
        // The builder's accounts first (the first is the default), then every other the configuration holds.
        List<TernAccount> all = new ArrayList<>(given);
        for (TernConfig.AccountConfig a : s.configuration().accounts()) {
            if (all.stream().noneMatch(t -> t.id().equals(a.id())) && !a.accessKeys().isEmpty()) {
                all.add(new TernAccount(a.id(), a.accessKeys().get(0).id(), a.accessKeys().get(0).secret()));
            }
        }
        this.accounts = List.copyOf(all);
        List<TernConfig.RegionConfig> regions = s.configuration().regions();
        this.defaultRegion = regions.isEmpty() ? DEFAULT_REGION : regions.get(0).name();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- JUnit's callbacks -------------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (lifecycle == Lifecycle.PER_CLASS && tern == null) {
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (tern == null) {
            start(context);
        }
        if (resetBetweenTests && !baselineMarked) {
            // The first test of the class: what the class set up before it is the state every test starts from.
            tern.markBaseline();
            baselineMarked = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (tern == null) {
            return;
        }
        if (context.getUniqueId().equals(startedBy)) {
            stop();
        } else if (resetBetweenTests) {
            reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (tern != null && context.getUniqueId().equals(startedBy)) {
            stop();
        }
    }

    private void start(ExtensionContext context) throws Exception {
        start();
        startedBy = context.getUniqueId();
    }

    /** Starts the server now (the callbacks do this for a registered extension). */
    public synchronized void start() throws Tern.StartException {
        if (tern != null) {
            throw new IllegalStateException("the Tern server is already running at " + tern.endpoint());
        }
        tern = server.start();
        baselineMarked = false;
    }

    /** Stops the server, closes every client the extension gave out and deletes a temporary data directory. */
    public synchronized void stop() throws Exception {
        try {
            for (SdkClient c : clients.values()) {
                c.close();
            }
            clients.clear();
            if (tern != null) {
                tern.close();
            }
        } finally {
            tern = null;
            startedBy = null;
        }
    }

    /**
     * Puts the catalogue back to the state before the first test of the class (the callbacks do this after each
     * test): images, snapshots, KMS keys and settings made since are gone.
     */
    public void reset() {
        server().reset();
    }

    // ---- The server ------------------------------------------------------------------------------------------

    /** The running server, for what the extension has no method for. */
    public Tern server() {
        if (tern == null) {
            throw new IllegalStateException("the Tern server is not running: register the extension with "
                    + "@RegisterExtension, or call start()");
        }
        return tern;
    }

    /** The endpoint URL to give clients ({@code --endpoint-url}). */
    public URI endpoint() {
        return server().endpoint();
    }

    /** The server's data directory. */
    public Path dataDir() {
        return server().dataDir();
    }

    /** The first account, which clients and fixtures use unless told otherwise. */
    public TernAccount account() {
        return accounts.get(0);
    }

    public TernAccount account(String accountId) {
        return accounts.stream().filter(a -> a.id().equals(accountId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no account " + accountId + " is configured; these are: "
                        + accounts.stream().map(TernAccount::id).toList()));
    }

    public List<TernAccount> accounts() {
        return accounts;
    }

    /** The first account's credentials. */
    public StaticCredentialsProvider credentials() {
        return account().credentials();
    }

    public StaticCredentialsProvider credentials(String accountId) {
        return account(accountId).credentials();
    }

    /** The first configured Region (us-east-1 when the builder names none). */
    public String region() {
        return defaultRegion;
    }

    /** The Region of that name, checked to be served. */
    public String region(String name) {
        if (server().services().regions().get(name) == null) {
            throw new IllegalArgumentException("the Region " + name + " is not served by this Tern");
        }
        return name;
    }

    // ---- Clients the extension owns ---------------------------------------------------------------------------

    public Ec2Client ec2() {
        return ec2(region());
    }

    public Ec2Client ec2(String region) {
        return ec2(account().id(), region);
    }

    public Ec2Client ec2(String accountId, String region) {
        return client("ec2", accountId, region, () -> ec2Builder(accountId, region).build());
    }

    public EbsClient ebs() {
        return ebs(region());
    }

    public EbsClient ebs(String region) {
        return ebs(account().id(), region);
    }

    public EbsClient ebs(String accountId, String region) {
        return client("ebs", accountId, region, () -> ebsBuilder(accountId, region).build());
    }

    public KmsClient kms() {
        return kms(region());
    }

    public KmsClient kms(String region) {
        return kms(account().id(), region);
    }

    public KmsClient kms(String accountId, String region) {
        return client("kms", accountId, region, () -> kmsBuilder(accountId, region).build());
    }

    public OutpostsClient outposts() {
        return outposts(region());
    }

    public OutpostsClient outposts(String region) {
        return outposts(account().id(), region);
    }

    public OutpostsClient outposts(String accountId, String region) {
        return client("outposts", accountId, region, () -> outpostsBuilder(accountId, region).build());
    }

    private synchronized <C extends SdkClient> C client(String service, String accountId, String region,
            java.util.function.Supplier<C> make) {
        server();
        @SuppressWarnings("unchecked")
        C c = (C) clients.computeIfAbsent(service + " " + accountId + " " + region, k -> make.get());
        return c;
    }

    // ---- Builders for clients the caller owns ----------------------------------------------------------------

    /** An EC2 client builder pointed at this server, as {@code accountId} in {@code region}; the caller closes the client. */
    public Ec2ClientBuilder ec2Builder(String accountId, String region) {
        Ec2AuthSchemeProvider auth = Ec2AuthSchemeProvider.defaultProvider();
        return connect(Ec2Client.builder(), accountId, region)
                .authSchemeProvider(p -> signingByServerClock(auth.resolveAuthScheme(p)));
    }

    public EbsClientBuilder ebsBuilder(String accountId, String region) {
        EbsAuthSchemeProvider auth = EbsAuthSchemeProvider.defaultProvider();
        return connect(EbsClient.builder(), accountId, region)
                .authSchemeProvider(p -> signingByServerClock(auth.resolveAuthScheme(p)));
    }

    public KmsClientBuilder kmsBuilder(String accountId, String region) {
        KmsAuthSchemeProvider auth = KmsAuthSchemeProvider.defaultProvider();
        return connect(KmsClient.builder(), accountId, region)
                .authSchemeProvider(p -> signingByServerClock(auth.resolveAuthScheme(p)));
    }

    public OutpostsClientBuilder outpostsBuilder(String accountId, String region) {
        OutpostsAuthSchemeProvider auth = OutpostsAuthSchemeProvider.defaultProvider();
        return connect(OutpostsClient.builder(), accountId, region)
                .authSchemeProvider(p -> signingByServerClock(auth.resolveAuthScheme(p)));
    }

    /**
     * {@code builder} pointed at this server as {@code accountId} in {@code region}, with an HTTP client of its own:
     * closing the client closes its connections, so the server's stop has none to wait out.
     */
    public <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B connect(B builder, String accountId,
            String region) {
        return builder.endpointOverride(endpoint())
                .region(software.amazon.awssdk.regions.Region.of(region))
                .credentialsProvider(credentials(accountId))
                .httpClientBuilder(ApacheHttpClient.builder());
    }

    /** The clock clients sign by: the server's, so a server whose clock a test moves still accepts them. */
    public Clock signingClock() {
        return clock == null ? Clock.systemUTC() : clock;
    }

    private List<AuthSchemeOption> signingByServerClock(List<AuthSchemeOption> options) {
        if (clock == null) {
            return options;
        }
        return options.stream().map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build()).toList();
    }

    // ---- Fixtures --------------------------------------------------------------------------------------------

    /** A snapshot with real blocks, in {@code region}, made when {@link SnapshotFixture#create()} is called. */
    public SnapshotFixture snapshot(String region) {
        return new SnapshotFixture(this, region(region));
    }

    /** An AMI on a root snapshot with real blocks, made when {@link ImageFixture#register()} is called. */
    public ImageFixture image(String region) {
        return new ImageFixture(this, region(region));
    }

    /** A KMS key, made when {@link KmsKeyFixture#create()} is called. */
    public KmsKeyFixture kmsKey(String region) {
        return new KmsKeyFixture(this, region(region));
    }

    /** The services' view of a call by {@code accountId} in {@code region}, for fixtures made without HTTP. */
    CallContext context(String accountId, String region) {
        TernServices services = server().services();
        Account account = services.accounts().byId(accountId);
        if (account == null) {
            throw new IllegalArgumentException("no account " + accountId + " is configured");
        }
        Region r = services.regions().get(region);
        return new CallContext(account, r, "tern-junit-fixture");
    }

    // ---- Parameter injection ---------------------------------------------------------------------------------

    private static final List<Class<?>> INJECTED = List.of(Ec2Client.class, EbsClient.class, KmsClient.class,
            OutpostsClient.class, TernExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TernExtension.class) {
            return this;
        }
        if (tern == null) {
            throw new ParameterResolutionException("the Tern server is not running, so no " + type.getSimpleName()
                    + " can be made for " + parameter.getParameter());
        }
        TernClient at = parameter.findAnnotation(TernClient.class).orElse(null);
        String region = at == null || at.region().isEmpty() ? region() : at.region();
        String accountId = at == null || at.account().isEmpty() ? account().id() : at.account();
        if (type == Ec2Client.class) {
            return ec2(accountId, region);
        } else if (type == EbsClient.class) {
            return ebs(accountId, region);
        } else if (type == KmsClient.class) {
            return kms(accountId, region);
        }
        return outposts(accountId, region);
    }

    /** What to start; every setting is optional. */
    public static final class Builder {
        private TernConfig config = TernConfig.empty();
        private final List<TernAccount> accounts = new ArrayList<>();
        private final List<String> regions = new ArrayList<>();
        private final List<String> outposts = new ArrayList<>();
        private final List<UnaryOperator<TernConfig>> changes = new ArrayList<>();
        private String catalog;
        private Path dataDir;
        private Clock clock;
        private boolean demo;
        private Lifecycle lifecycle = Lifecycle.PER_CLASS;
        private boolean resetBetweenTests = true;

        private Builder() {}

        /** Adds an account with one access key; the first added is the default for clients and fixtures. */
        public Builder account(String accountId, String accessKeyId, String secretAccessKey) {
            accounts.add(new TernAccount(accountId, accessKeyId, secretAccessKey));
            return this;
        }

        /** Adds accounts; with none added, {@link #DEFAULT_ACCOUNT} is configured. */
        public Builder accounts(TernAccount... more) {
            accounts.addAll(List.of(more));
            return this;
        }

        /** The Regions served, the first being the default for clients; by default all commercial Regions. */
        public Builder regions(String... names) {
            regions.addAll(List.of(names));
            return this;
        }

        /** Adds Outposts by ARN, each in the Region its ARN names. */
        public Builder outposts(String... arns) {
            outposts.addAll(List.of(arns));
            return this;
        }

        /** Adds a Local Zone (DestinationAvailabilityZone / DestinationAvailabilityZoneId) to a Region. */
        public Builder localZone(String region, String name, String zoneId, boolean requiresEncryption) {
            return configure(c -> c.withLocalZone(region, name, zoneId, requiresEncryption));
        }

        /** Adds a simulated link that caps copy traffic from one Region to another, e.g. {@code 256KiB/s}. */
        public Builder link(String from, String to, String bandwidth) {
            return configure(c -> c.withLink(from, to, bandwidth, null));
        }

        /** Makes simulated time (links, time-based copy deadlines) run {@code scale} times faster. */
        public Builder timeScale(double scale) {
            return configure(c -> c.withTimeScale(scale));
        }

        /** The catalogue's JDBC URL, e.g. {@code jdbc:postgresql://...}; by default SQLite in the data directory. */
        public Builder catalog(String jdbcUrl) {
            catalog = jdbcUrl;
            return this;
        }

        /** Snapshot blocks in an S3-compatible store; by default files in the data directory. */
        public Builder blocks(String s3Uri, String endpoint, String accessKey, String secretKey) {
            changes.add(c -> c.withBlocks(s3Uri, endpoint, accessKey, secretKey));
            return this;
        }

        /** A data directory of the caller's, kept afterwards; by default a temporary one, deleted on stop. */
        public Builder dataDir(Path dir) {
            dataDir = dir;
            return this;
        }

        /** The server's clock, which a test may move; the extension's clients sign by it. */
        public Builder clock(Clock serverClock) {
            clock = serverClock;
            return this;
        }

        /** Adds {@code tern server --demo}'s account and data. */
        public Builder demo(boolean withDemo) {
            demo = withDemo;
            return this;
        }

        /** Starts from a whole configuration (what a YAML file holds); the other settings add to it. */
        public Builder config(TernConfig base) {
            config = Objects.requireNonNull(base);
            return this;
        }

        /** Changes the configuration in a way the builder has no method for (applied last). */
        public Builder configure(UnaryOperator<TernConfig> change) {
            changes.add(change);
            return this;
        }

        public Builder lifecycle(Lifecycle l) {
            lifecycle = Objects.requireNonNull(l);
            return this;
        }

        /** A server for each test method: {@code lifecycle(Lifecycle.PER_METHOD)}. */
        public Builder perMethod() {
            return lifecycle(Lifecycle.PER_METHOD);
        }

        /**
         * Whether, with one server per class, the catalogue is put back after each test (the default). Off, the
         * tests of a class see each other's resources.
         */
        public Builder resetBetweenTests(boolean reset) {
            resetBetweenTests = reset;
            return this;
        }

        public TernExtension build() {
            return new TernExtension(this);
        }
    }
}
