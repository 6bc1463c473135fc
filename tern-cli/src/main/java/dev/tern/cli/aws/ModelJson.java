package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * SDK model objects as the AWS CLI shows and reads them: a JSON tree keyed by member names, in the model's order,
 * members the response did not carry left out, timestamps in ISO 8601 with the UTC offset, blobs in base64.
 */
final class ModelJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ModelJson() {}

    static ObjectNode write(SdkPojo pojo) {
        ObjectNode node = F.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>) {
                continue;
            }
            node.set(MemberNames.of(field), toJson(field, value));
        }
        return node;
    }

    private static JsonNode toJson(SdkField<?> field, Object value) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            ArrayNode array = F.arrayNode();
            for (Object item : (List<?>) value) {
                array.add(item == null ? F.nullNode() : toJson(member, item));
            }
            return array;
        }
        if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            ObjectNode obj = F.objectNode();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                obj.set(String.valueOf(e.getKey()), e.getValue() == null ? F.nullNode() : toJson(member, e.getValue()));
            }
            return obj;
        }
        if (value instanceof SdkPojo pojo) {
            return write(pojo);
        }
        if (value instanceof Instant instant) {
            return F.textNode(isoformat(instant));
        }
        if (value instanceof SdkBytes bytes) {
            return F.textNode(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
        }
        if (value instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return F.numberNode(i);
        }
        if (value instanceof Long l) {
            return F.numberNode(l);
        }
        if (value instanceof Double d) {
            return F.numberNode(d);
        }
        if (value instanceof Float d) {
            return F.numberNode(d.doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return F.numberNode(d);
        }
        return F.textNode(String.valueOf(value));
    }

    /** A UTC instant as Python's {@code datetime.isoformat()} writes it: microseconds only when there are any. */
    static String isoformat(Instant instant) {
        OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
        String base = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        int micros = t.getNano() / 1000;
        return (micros == 0 ? base : base + String.format(".%06d", micros)) + "+00:00";
    }

    /** Builds a request (or nested structure) from a JSON tree keyed by member names. */
    static SdkPojo read(SdkPojo builder, JsonNode json, String path) {
        if (!json.isObject()) {
            throw new ParamException("Invalid type for parameter " + path + ", value: " + json
                    + ", valid types: <class 'dict'>");
        }
        Map<String, SdkField<?>> byName = new LinkedHashMap<>();
        for (SdkField<?> field : builder.sdkFields()) {
            byName.put(MemberNames.of(field), field);
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SdkField<?> field = byName.get(e.getKey());
            if (field == null) {
                unknown.add(e.getKey());
                continue;
            }
            if (!e.getValue().isNull()) {
                field.set(builder, fromJson(field, e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ParamException("Unknown parameter in " + (path.isEmpty() ? "input" : path) + ": \""
                    + unknown.get(0) + "\", must be one of: " + String.join(", ", byName.keySet()));
        }
        return builder;
    }

    private static Object fromJson(SdkField<?> field, JsonNode value, String path) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            if (!value.isArray()) {
                throw invalid(path, value, "<class 'list'>, <class 'tuple'>");
            }
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (JsonNode item : value) {
                out.add(fromJson(member, item, path + "[" + i++ + "]"));
            }
            return out;
        }
        if (type == MarshallingType.MAP) {
            if (!value.isObject()) {
                throw invalid(path, value, "<class 'dict'>");
            }
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), fromJson(member, e.getValue(), path + "." + e.getKey()));
            }
            return out;
        }
        if (type == MarshallingType.SDK_POJO) {
            SdkPojo nested = field.constructor().get();
            read(nested, value, path);
            return ((Buildable) nested).build();
        }
        if (type == MarshallingType.STRING) {
            if (!value.isValueNode() || value.isNull()) {
                throw invalid(path, value, "<class 'str'>");
            }
            return value.asText();
        }
        if (type == MarshallingType.BOOLEAN) {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual() && (value.textValue().equalsIgnoreCase("true")
                    || value.textValue().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(value.textValue());
            }
            throw invalid(path, value, "<class 'bool'>");
        }
        if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            long n;
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                n = value.longValue();
            } else if (value.isTextual()) {
                try {
                    n = Long.parseLong(value.textValue().strip());
                } catch (NumberFormatException e) {
                    throw invalid(path, value, "<class 'int'>");
                }
            } else {
                throw invalid(path, value, "<class 'int'>");
            }
            return type == MarshallingType.INTEGER ? (Object) Math.toIntExact(n) : (Object) n;
        }
        if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
            double d;
            if (value.isNumber()) {
                d = value.doubleValue();
            } else {
                try {
                    d = Double.parseDouble(value.asText().strip());
                } catch (NumberFormatException e) {
                    throw invalid(path, value, "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>");
                }
            }
            return type == MarshallingType.DOUBLE ? (Object) d : (Object) (float) d;
        }
        if (type == MarshallingType.INSTANT) {
            return timestamp(value, path);
        }
        if (type == MarshallingType.SDK_BYTES) {
            if (!value.isTextual()) {
                throw invalid(path, value, "<class 'bytes'>, <class 'bytearray'>, file-like object");
            }
            return SdkBytes.fromByteArray(Blobs.decode(value.textValue(), path));
        }
        throw invalid(path, value, "a supported value");
    }

    private static Instant timestamp(JsonNode value, String path) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.decimalValue().movePointRight(3).longValue());
        }
        String s = value.asText().strip();
        try {
            return Instant.ofEpochMilli(new BigDecimal(s).movePointRight(3).longValue());
        } catch (NumberFormatException ignored) {
            // not epoch seconds
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // no offset
        }
        try {
            return java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // a date alone
        }
        try {
            return java.time.LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ParamException("Invalid timestamp value for " + path + ": " + s);
        }
    }

    private static ParamException invalid(String path, JsonNode value, String validTypes) {
        return new ParamException("Invalid type for parameter " + path + ", value: " + value
                + ", type: " + pythonType(value) + ", valid types: " + validTypes);
    }

    private static String pythonType(JsonNode v) {
        if (v.isTextual()) {
            return "<class 'str'>";
        } else if (v.isBoolean()) {
            return "<class 'bool'>";
        } else if (v.isIntegralNumber()) {
            return "<class 'int'>";
        } else if (v.isNumber()) {
            return "<class 'float'>";
        } else if (v.isArray()) {
            return "<class 'list'>";
        } else if (v.isObject()) {
            return "<class 'dict'>";
        }
        return "<class 'NoneType'>";
    }
}
