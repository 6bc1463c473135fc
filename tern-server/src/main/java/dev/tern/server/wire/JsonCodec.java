package dev.tern.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * JSON bodies of the JSON 1.1 and REST-JSON protocols (KMS, EBS direct, Outposts) for any SDK model object:
 * members by {@code locationName}, blobs in base64, timestamps as epoch seconds. Only payload members are
 * handled here; {@link RestBinding} places path, query and header members.
 */
public final class JsonCodec {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonCodec() {}

    public static ObjectNode write(SdkPojo pojo) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            if (field.location() != MarshallLocation.PAYLOAD) {
                continue;
            }
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>) {
                continue;
            }
            node.set(field.locationName(), toJson(field, value));
        }
        return node;
    }

    private static JsonNode toJson(SdkField<?> field, Object value) {
        MarshallingType<?> type = field.marshallingType();
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            ArrayNode array = f.arrayNode();
            for (Object item : (List<?>) value) {
                array.add(item == null ? f.nullNode() : toJson(member, item));
            }
            return array;
        }
        if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            ObjectNode obj = f.objectNode();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                obj.set(String.valueOf(e.getKey()), e.getValue() == null ? f.nullNode() : toJson(member, e.getValue()));
            }
            return obj;
        }
        if (type == MarshallingType.SDK_POJO) {
            return write((SdkPojo) value);
        }
        if (value instanceof Instant instant) {
            return f.numberNode(BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
        }
        if (value instanceof SdkBytes bytes) {
            return f.textNode(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Float d) {
            return f.numberNode(d);
        }
        return f.textNode(String.valueOf(value));
    }

    /** Binds the payload members of {@code builder} from a JSON object; unknown members are ignored, as AWS does. */
    public static void read(SdkPojo builder, JsonNode json) {
        if (json == null || json.isNull()) {
            return;
        }
        if (!json.isObject()) {
            throw ErrorCode.ValidationException.withMessage("The request body must be a JSON object.");
        }
        for (SdkField<?> field : builder.sdkFields()) {
            if (field.location() != MarshallLocation.PAYLOAD) {
                continue;
            }
            JsonNode value = json.get(field.locationName());
            if (value != null && !value.isNull()) {
                field.set(builder, fromJson(field, value, field.locationName()));
            }
        }
    }

    public static <T> T readNew(SdkPojo builder, JsonNode json) {
        read(builder, json);
        @SuppressWarnings("unchecked")
        T built = (T) ((Buildable) builder).build();
        return built;
    }

    private static Object fromJson(SdkField<?> field, JsonNode value, String name) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            if (!value.isArray()) {
                throw invalid(name, "a list");
            }
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> out = new ArrayList<>();
            for (JsonNode item : value) {
                out.add(item.isNull() ? null : fromJson(member, item, name));
            }
            return out;
        }
        if (type == MarshallingType.MAP) {
            if (!value.isObject()) {
                throw invalid(name, "a map");
            }
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isNull() ? null : fromJson(member, e.getValue(), name));
            }
            return out;
        }
        if (type == MarshallingType.SDK_POJO) {
            if (!value.isObject()) {
                throw invalid(name, "a structure");
            }
            SdkPojo nested = field.constructor().get();
            read(nested, value);
            return ((Buildable) nested).build();
        }
        if (type == MarshallingType.STRING) {
            if (!value.isTextual()) {
                throw invalid(name, "a string");
            }
            return value.textValue();
        }
        if (type == MarshallingType.BOOLEAN) {
            if (!value.isBoolean()) {
                throw invalid(name, "a boolean");
            }
            return value.booleanValue();
        }
        if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            if (!value.isIntegralNumber() || (type == MarshallingType.INTEGER && !value.canConvertToInt())
                    || !value.canConvertToLong()) {
                throw invalid(name, "an integer");
            }
            return type == MarshallingType.INTEGER ? (Object) value.intValue() : (Object) value.longValue();
        }
        if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
            if (!value.isNumber()) {
                throw invalid(name, "a number");
            }
            return type == MarshallingType.DOUBLE ? (Object) value.doubleValue() : (Object) value.floatValue();
        }
        if (type == MarshallingType.INSTANT) {
            if (!value.isNumber()) {
                throw invalid(name, "a timestamp in epoch seconds");
            }
            return Instant.ofEpochMilli(value.decimalValue().movePointRight(3).longValue());
        }
        if (type == MarshallingType.SDK_BYTES) {
            if (!value.isTextual()) {
                throw invalid(name, "base64 data");
            }
            try {
                return SdkBytes.fromByteArray(Base64.getDecoder().decode(value.textValue()));
            } catch (IllegalArgumentException e) {
                throw invalid(name, "base64 data");
            }
        }
        throw invalid(name, "a supported value");
    }

    private static RuntimeException invalid(String name, String expected) {
        return ErrorCode.ValidationException.withMessage("1 validation error detected: Value at '" + name
                + "' failed to satisfy constraint: Member must be " + expected);
    }
}
