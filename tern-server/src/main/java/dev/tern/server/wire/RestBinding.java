package dev.tern.server.wire;

import dev.tern.error.ErrorCode;
import dev.tern.server.wire.ApiRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * The REST half of REST-JSON: a route ({@code GET /outposts/{OutpostId}}) and the binding of path, query-string
 * and header members of any SDK request by their model locations. The JSON body goes through {@link JsonCodec}.
 */
public final class RestBinding {
    /** A method and path template; {@code {Name}} segments bind to members located in the path. */
    public record Route(String method, String template, Pattern pattern, List<String> names) {
        public static Route of(String method, String template) {
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("\\{(\\w+)\\}").matcher(template);
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            return new Route(method, template, Pattern.compile(regex.toString()), names);
        }

        /** The path parameters when {@code path} fits this route, else null. */
        public Map<String, String> match(String method, String path) {
            if (!this.method.equals(method)) {
                return null;
            }
            Matcher m = pattern.matcher(path);
            if (!m.matches()) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), FormParams.decode(m.group(i + 1).replace("+", "%2B")));
            }
            return out;
        }
    }

    private RestBinding() {}

    /** Builds the request: path parameters, query parameters and headers by location, then the JSON body. */
    public static <T> T bind(SdkPojo builder, ApiRequest request, Map<String, String> pathParams) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (FormParams.Param p : FormParams.parse(request.rawQuery())) {
            query.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value());
        }
        for (SdkField<?> field : builder.sdkFields()) {
            MarshallLocation location = field.location();
            String name = field.locationName();
            switch (location) {
                case PATH, GREEDY_PATH -> {
                    String v = pathParams.get(name);
                    if (v != null) {
                        field.set(builder, QueryReader.scalar(field.marshallingType(), v, name));
                    }
                }
                case QUERY_PARAM -> {
                    List<String> values = query.get(name);
                    if (values != null) {
                        field.set(builder, queryValue(field, values, name));
                    }
                }
                case HEADER -> {
                    String v = request.firstHeader(name.toLowerCase(java.util.Locale.ROOT));
                    if (v != null) {
                        field.set(builder, QueryReader.scalar(field.marshallingType(), v, name));
                    }
                }
                default -> { }
            }
        }
        if (request.body() != null && request.body().length > 0 && hasPayloadMembers(builder)) {
            try {
                JsonCodec.read(builder, JsonCodec.MAPPER.readTree(request.body()));
            } catch (java.io.IOException e) {
                throw ErrorCode.ValidationException.withMessage("The request body is not valid JSON.");
            }
        }
        @SuppressWarnings("unchecked")
        T built = (T) ((Buildable) builder).build();
        return built;
    }

    private static boolean hasPayloadMembers(SdkPojo builder) {
        return builder.sdkFields().stream().anyMatch(f -> f.location() == MarshallLocation.PAYLOAD);
    }

    private static Object queryValue(SdkField<?> field, List<String> values, String name) {
        if (field.marshallingType() == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> out = new ArrayList<>();
            for (String v : values) {
                out.add(QueryReader.scalar(member.marshallingType(), v, name));
            }
            return out;
        }
        return QueryReader.scalar(field.marshallingType(), values.get(0), name);
    }

    /** Response members located in headers, by header name. */
    public static Map<String, String> responseHeaders(SdkPojo response) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SdkField<?> field : response.sdkFields()) {
            if (field.location() == MarshallLocation.HEADER) {
                Object v = field.getValueOrDefault(response);
                if (v != null) {
                    out.put(field.locationName(), XmlWriter.scalarText(v));
                }
            }
        }
        return out;
    }
}
