package dev.tern.server;

import dev.tern.TernServices;
import dev.tern.catalog.Catalog;
import dev.tern.config.TernConfig;
import dev.tern.kms.RootKey;
import dev.tern.server.auth.SigV4Verifier;
import dev.tern.server.ebs.EbsApi;
import dev.tern.server.ec2.Ec2Api;
import dev.tern.server.http.TernHandler;
import dev.tern.server.http.TernServer;
import dev.tern.server.kms.KmsApi;
import dev.tern.server.outposts.OutpostsApi;
import dev.tern.server.iam.IamApi;
import dev.tern.server.pipeline.PolicyAuthorizer;
import dev.tern.server.pipeline.Operation;
import dev.tern.server.pipeline.OperationCatalog;
import dev.tern.server.pipeline.Pipeline;
import java.util.ArrayList;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * One running Tern: catalogue, services, protocol adapters and the HTTP server, wired in the order of the
 * request flow in docs/architecture.md. Used by {@code tern server} and by tests, which start it on port 0.
 */
public final class TernApplication implements AutoCloseable {
    /**
     * @param configDir where relative paths in the configuration (TLS files) are resolved
     */
    public record Options(TernConfig config, Path dataDir, String host, int port, Path configDir, Clock clock) {
        public Options {
            configDir = configDir == null ? Path.of(".") : configDir;
            clock = clock == null ? Clock.systemUTC() : clock;
        }

        public static Options of(TernConfig config, Path dataDir, String host, int port) {
            return new Options(config, dataDir, host, port, null, null);
        }
    }

    private final TernServices services;
    private final TernServer server;

    private TernApplication(TernServices services, TernServer server) {
        this.services = services;
        this.server = server;
    }

    public static TernApplication start(Options o) throws Exception {
        return start(o, services -> {});
    }

    /**
     * As {@link #start(Options)}, running {@code prepare} (the demo data, a harness's fixtures) on the services
     * before the server takes its first request: once this returns, everything configured is served.
     */
    public static TernApplication start(Options o, Consumer<TernServices> prepare) throws Exception {
        RootKey rootKey = RootKey.load(System.getenv(RootKey.ENV), o.config().rootKey(), o.configDir(), o.dataDir());
        Catalog catalog = Catalog.open(o.config().catalog(), o.dataDir());
        TernServices services = new TernServices(o.config(), catalog, o.dataDir(), o.clock(), rootKey);
        TernServer server = null;
        try {
            TernHandler handler = new TernHandler(new Pipeline(new SigV4Verifier(services.accounts(), o.clock()),
                    services.regions(), operations(services), services.iam()::identityPolicies,
                    new PolicyAuthorizer(resourceTags(services), services.sts(), o.clock())));
            handler.setMetrics(services::scrapeMetrics);
            server = new TernServer(o.host(), o.port(), o.config().tls(), o.configDir(), handler);
            prepare.accept(services);
            server.start();
            handler.setReady(true);
            return new TernApplication(services, server);
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            services.close();
            throw e;
        }
    }

    /** Every operation of every service Tern serves. */
    public static OperationCatalog operations(TernServices services) {
        List<Operation> all = new ArrayList<>();
        all.addAll(Ec2Api.operations(services));
        all.addAll(KmsApi.operations(services.kms()));
        all.addAll(EbsApi.operations(services.ebs()));
        all.addAll(OutpostsApi.operations(services.outposts()));
        all.addAll(IamApi.operations(services.iam(), services.sts()));
        return new OperationCatalog(all);
    }

    /** The caller's tags on an existing EC2 resource, for conditions on aws:ResourceTag/KEY. */
    private static PolicyAuthorizer.ResourceTags resourceTags(TernServices services) {
        return (ctx, target) -> services.catalog().read(h -> services.tags().tagsOf(h, ctx.accountId(), target.resourceId()));
    }

    public TernServices services() {
        return services;
    }

    public int port() {
        return server.port();
    }

    /** The endpoint URL to give clients, e.g. {@code http://127.0.0.1:4566}. */
    public String url() {
        return server.url();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            services.close();
        }
    }
}
