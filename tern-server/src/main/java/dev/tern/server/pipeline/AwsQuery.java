package dev.tern.server.pipeline;

import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import dev.tern.server.wire.QueryReader;
import dev.tern.server.wire.XmlWriter;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The Query protocol of IAM and STS: parameters as EC2's but lists as {@code Name.member.N}, results inside
 * {@code <ActionResult>}, errors as an {@code <ErrorResponse>} document.
 */
final class AwsQuery implements WireProtocol {
    private static final String CONTENT_TYPE = "text/xml";
    private final OperationCatalog catalog;

    AwsQuery(OperationCatalog catalog) {
        this.catalog = catalog;
    }

    static String namespace(Service service) {
        return service == Service.IAM ? "https://iam.amazonaws.com/doc/2010-05-08/"
                : "https://sts.amazonaws.com/doc/2011-06-15/";
    }

    @Override
    public Call read(ApiRequest request, Service service) {
        Map<String, String> params = QueryParams.of(request);
        Operation op = QueryParams.operation(params, catalog, service);
        return new Call(op, QueryReader.read((SdkPojo) op.newRequest().get(), params, QueryReader.Lists.MEMBER));
    }

    @Override
    public ApiResponse write(Call call, Object result, String requestId) {
        Operation op = call.operation();
        String xml = XmlWriter.renderQuery(op.name(), namespace(op.service()), requestId, (SdkPojo) result);
        return ApiResponse.text(op.successStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId), xml);
    }

    @Override
    public ApiResponse error(ApiRequest request, Service service, TernException error) {
        String xml = XmlWriter.queryError(namespace(service), error.code().isClientError(), error.code().code(),
                error.getMessage(), request.requestId());
        return ApiResponse.text(error.code().httpStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", request.requestId()),
                xml);
    }
}
