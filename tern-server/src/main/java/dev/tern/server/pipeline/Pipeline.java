package dev.tern.server.pipeline;

import dev.tern.account.CallContext;
import dev.tern.account.Principal;
import dev.tern.iam.policy.IdentityPolicies;
import dev.tern.config.Region;
import dev.tern.config.Regions;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.auth.Authenticated;
import dev.tern.server.auth.SigV4Verifier;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The one way every request is run, whatever its protocol: authenticate (SigV4: account, principal, Region,
 * service) → read (the service's protocol finds the operation in the catalogue and reads its members) →
 * authorize (DryRun is answered here, once) → handle → write. Any failure is written by the service's protocol
 * from the one error table; anything unexpected becomes its internal error, logged, never a stack trace.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final SigV4Verifier verifier;
    private final Regions regions;
    private final OperationCatalog catalog;
    private final Authorizer authorizer;
    private final Map<Service.Wire, WireProtocol> protocols = new EnumMap<>(Service.Wire.class);

    /** The compiled identity policies of a principal ({@code IdentityPolicies.ROOT} for an account's root). */
    @FunctionalInterface
    public interface Identities {
        IdentityPolicies identityPolicies(Principal principal);
    }

    private final Identities identities;

    public Pipeline(SigV4Verifier verifier, Regions regions, OperationCatalog catalog, Identities identities,
            Authorizer authorizer) {
        this.identities = identities;
        this.verifier = verifier;
        this.regions = regions;
        this.catalog = catalog;
        this.authorizer = authorizer;
        protocols.put(Service.Wire.EC2_QUERY, new Ec2Query(catalog));
        protocols.put(Service.Wire.AWS_QUERY, new AwsQuery(catalog));
        protocols.put(Service.Wire.AWS_JSON, new AwsJson(catalog));
        protocols.put(Service.Wire.REST_JSON, new RestJson(catalog));
    }

    public OperationCatalog catalog() {
        return catalog;
    }

    public ApiResponse run(ApiRequest api) {
        Service service = guess(api);
        try {
            Authenticated auth = verifier.verify(api.signed(), name -> unsignedPayloadAllowed(name, api));
            service = Service.bySigningName(auth.service());
            if (service == null) {
                service = guess(api);
                throw ErrorCode.AuthFailure.withMessage("Credential should be scoped to a valid service, not '"
                        + auth.service() + "'.");
            }
            CallContext ctx = new CallContext(auth.account(), region(service, auth.region()), api.requestId(),
                    auth.principal(), identities.identityPolicies(auth.principal()));
            WireProtocol.Call call = protocol(service).read(api, service);
            Operation op = call.operation();
            authorizer.authorize(ctx, op, call.request(), api.sourceIp());
            if (!op.serviceAnswersDryRun() && isDryRun(call.request())) {
                throw ErrorCode.DryRunOperation.exception();
            }
            Object result = op.handler().handle(ctx, call.request(), api.body());
            return protocol(service).write(call, result, api.requestId());
        } catch (TernException e) {
            return error(api, service, e);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("request {} failed unexpectedly: {} {}", api.requestId(), api.method(), api.rawPath(), e);
            return error(api, service, ErrorCode.InternalError.exception());
        }
    }

    /** The error document of {@code service}'s protocol, for a failure anywhere in the pipeline or before it. */
    public ApiResponse error(ApiRequest api, Service service, TernException e) {
        return protocol(service).error(api, service, ErrorTranslation.translate(service, e));
    }

    /**
     * The Region a call works in. IAM and STS are global: clients sign them for us-east-1 (or the Region they are
     * configured with), and the call is answered as if made in that Region, or the first configured one.
     */
    private Region region(Service service, String scope) {
        Region region = regions.get(scope);
        if (region == null && service.global() && isRegionName(scope)) {
            region = regions.all().get(0);
        }
        if (region == null) {
            throw ErrorCode.AuthFailure.withMessage("Credential should be scoped to a valid region, not '" + scope + "'.");
        }
        return region;
    }

    private static boolean isRegionName(String s) {
        return s.matches("[a-z]{2}(-[a-z]+)+-\\d");
    }

    private boolean unsignedPayloadAllowed(String signingService, ApiRequest api) {
        // Only EBS direct PutSnapshotBlock, whose block is covered by the signed checksum header instead.
        if (!Service.EBS.signingName().equals(signingService)) {
            return false;
        }
        OperationCatalog.RouteMatch m = catalog.route(Service.EBS, api.method(), api.path());
        return m != null && m.operation().name().equals("PutSnapshotBlock");
    }

    private WireProtocol protocol(Service service) {
        return protocols.get(service.wire());
    }

    /** The service whose error format an unsigned or unroutable request gets, from what it looks like. */
    public static Service guess(ApiRequest api) {
        String path = api.rawPath();
        if (path.startsWith("/snapshots")) {
            return Service.EBS;
        }
        if (path.startsWith("/outposts")) {
            return Service.OUTPOSTS;
        }
        String target = api.firstHeader("X-Amz-Target");
        if (target != null && target.startsWith(AwsJson.KMS_TARGET_PREFIX)) {
            return Service.KMS;
        }
        return Service.EC2;
    }

    private static boolean isDryRun(Object request) {
        if (request instanceof SdkPojo pojo) {
            for (SdkField<?> field : pojo.sdkFields()) {
                if (field.memberName().equals("DryRun")) {
                    return Boolean.TRUE.equals(field.getValueOrDefault(pojo));
                }
            }
        }
        return false;
    }
}
