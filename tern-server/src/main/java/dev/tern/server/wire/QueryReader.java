package dev.tern.server.wire;

import dev.tern.error.ErrorCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * Fills any SDK request object from EC2 Query parameters, driven by the model's field metadata: the query
 * name of a member is its {@code locationName}; lists are {@code Name.N} (1-based); structures nest with
 * dots. So adding an operation needs no parsing code.
 */
public final class QueryReader {
    /** How a protocol numbers list items: EC2's {@code Name.N}, or the Query protocol's {@code Name.member.N}. */
    public enum Lists { EC2, MEMBER }

    private QueryReader() {}

    public static <T> T read(SdkPojo builder, Map<String, String> params) {
        return read(builder, params, Lists.EC2);
    }

    /**
     * Binds {@code params} (without Action, Version and auth parameters) onto a new request built by
     * {@code builder}. Unknown names are UnknownParameter; values of the wrong type InvalidParameterValue.
     */
    @SuppressWarnings("unchecked")
    public static <T> T read(SdkPojo builder, Map<String, String> params, Lists lists) {
        ParamTree root = new ParamTree("");
        params.forEach(root::put);
        bindStructure(builder, root, lists);
        String leftover = root.firstLeftover();
        if (leftover != null) {
            throw ErrorCode.UnknownParameter.format(leftover);
        }
        return (T) ((Buildable) builder).build();
    }

    private static void bindStructure(SdkPojo builder, ParamTree node, Lists lists) {
        for (SdkField<?> field : builder.sdkFields()) {
            ParamTree child = node.children.remove(field.locationName());
            if (child != null) {
                field.set(builder, convert(field, child, lists));
            }
        }
    }

    private static Object convert(SdkField<?> field, ParamTree node, Lists lists) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            if (lists == Lists.MEMBER) {
                ParamTree member = node.children.remove("member");
                if (!node.children.isEmpty()) {
                    throw ErrorCode.UnknownParameter.format(node.firstLeftover());
                }
                if (member == null) {
                    // botocore sends an empty list as the bare name with no value.
                    if (node.value == null || node.value.isEmpty()) {
                        return new ArrayList<>();
                    }
                    throw ErrorCode.UnknownParameter.format(node.path());
                }
                node = member;
            }
            return convertList(field, node, lists);
        }
        if (type == MarshallingType.SDK_POJO) {
            if (node.value != null && node.children.isEmpty()) {
                throw ErrorCode.InvalidParameterValue.withMessage(
                        "Invalid value '" + node.value + "' for " + node.path() + ": a structure was expected.");
            }
            SdkPojo nested = field.constructor().get();
            bindStructure(nested, node, lists);
            String leftover = node.firstLeftover();
            if (leftover != null) {
                throw ErrorCode.UnknownParameter.format(leftover);
            }
            return ((Buildable) nested).build();
        }
        if (!node.children.isEmpty()) {
            throw ErrorCode.UnknownParameter.format(node.firstLeftover());
        }
        return scalar(type, node.value, node.path());
    }

    private static List<Object> convertList(SdkField<?> field, ParamTree node, Lists lists) {
        SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
        TreeMap<Integer, ParamTree> byIndex = new TreeMap<>();
        for (Map.Entry<String, ParamTree> e : node.children.entrySet()) {
            int index = parseIndex(e.getKey());
            if (index < 1) {
                throw ErrorCode.UnknownParameter.format(e.getValue().path());
            }
            byIndex.put(index, e.getValue());
        }
        if (node.value != null && byIndex.isEmpty()) {
            // A list member sent without an index, e.g. ImageId=ami-1: AWS does not recognise that name.
            throw ErrorCode.UnknownParameter.format(node.path());
        }
        node.children.clear();
        List<Object> out = new ArrayList<>(byIndex.size());
        for (ParamTree item : byIndex.values()) {
            out.add(convert(member, item, lists));
        }
        return out;
    }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    static Object scalar(MarshallingType<?> type, String value, String name) {
        if (value == null) {
            throw ErrorCode.InvalidParameterValue.withMessage("No value was given for parameter " + name + ".");
        }
        try {
            if (type == MarshallingType.STRING) {
                return value;
            }
            if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
                Long n = Decimal.parse(value);
                if (n == null || (type == MarshallingType.INTEGER && n != n.intValue())) {
                    throw invalid(value, name, describe(type));
                }
                return type == MarshallingType.INTEGER ? (Object) n.intValue() : (Object) n;
            }
            if (type == MarshallingType.BOOLEAN) {
                if (value.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (value.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw invalid(value, name, "a boolean");
            }
            if (type == MarshallingType.DOUBLE) {
                return Double.valueOf(value);
            }
            if (type == MarshallingType.FLOAT) {
                return Float.valueOf(value);
            }
            if (type == MarshallingType.INSTANT) {
                return Instant.parse(value);
            }
            if (type == MarshallingType.SDK_BYTES) {
                return SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(value));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(value, name, describe(type));
        } catch (IllegalArgumentException e) {
            throw invalid(value, name, describe(type));
        }
        throw ErrorCode.UnknownParameter.format(name);
    }

    private static RuntimeException invalid(String value, String name, String expected) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return ErrorCode.InvalidParameterValue.withMessage(
                "Value (" + shown + ") for parameter " + name + " is invalid. Expected " + expected + ".");
    }

    private static String describe(MarshallingType<?> type) {
        if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            return "an integer";
        }
        if (type == MarshallingType.INSTANT) {
            return "an ISO-8601 timestamp";
        }
        if (type == MarshallingType.SDK_BYTES) {
            return "base64-encoded data";
        }
        return "a number";
    }
}
