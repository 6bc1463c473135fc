package dev.tern.server.pipeline;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import dev.tern.server.wire.XmlWriter;
import dev.tern.server.wire.QueryReader;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The EC2 Query protocol: form or query-string parameters in ({@code Name.N} lists), namespaced XML out, and
 * EC2's {@code <Response><Errors>} document.
 */
final class Ec2Query implements WireProtocol {
    private static final String CONTENT_TYPE = "text/xml;charset=UTF-8";
    private final OperationCatalog catalog;

    Ec2Query(OperationCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Call read(ApiRequest request, Service service) {
        Map<String, String> params = QueryParams.of(request);
        Operation op = QueryParams.operation(params, catalog, service);
        return new Call(op, QueryReader.read((SdkPojo) op.newRequest().get(), params, QueryReader.Lists.EC2));
    }

    @Override
    public ApiResponse write(Call call, Object result, String requestId) {
        String xml = XmlWriter.render(call.operation().name(), requestId, (SdkPojo) result);
        return ApiResponse.text(call.operation().successStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId), xml);
    }

    @Override
    public ApiResponse error(ApiRequest request, Service service, TernException error) {
        String xml = XmlWriter.error(error.code().code(), error.getMessage(), request.requestId());
        return ApiResponse.text(error.code().httpStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", request.requestId()),
                xml);
    }
}
