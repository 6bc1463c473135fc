package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * Sample documents of a request or response, as {@code --generate-cli-skeleton} prints them: every member with a
 * placeholder of its type (strings empty or, for enums, the first value; numbers 0; booleans true; a list of one;
 * a map with one key "KeyName"). A structure inside itself is expanded once and then left empty. For output
 * samples strings carry their member's name instead.
 */
final class Skeleton {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final boolean memberNames;
    private final Deque<Class<?>> stack = new ArrayDeque<>();

    private Skeleton(boolean memberNames) {
        this.memberNames = memberNames;
    }

    static ObjectNode input(Operation op) {
        return new Skeleton(false).structure(op.newRequestBuilder(), op.requestClass);
    }

    static ObjectNode output(Operation op) {
        try {
            SdkPojo builder = (SdkPojo) op.responseClass.getMethod("builder").invoke(null);
            return new Skeleton(true).structure(builder, op.responseClass);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode structure(SdkPojo builder, Class<?> type) {
        ObjectNode node = F.objectNode();
        stack.push(type);
        try {
            if (Collections.frequency(stack, type) > 1) {
                return node;
            }
            for (SdkField<?> field : builder.sdkFields()) {
                node.set(MemberNames.of(field), value(field, type, MemberNames.of(field)));
            }
            return node;
        } finally {
            stack.pop();
        }
    }

    private JsonNode value(SdkField<?> field, Class<?> owner, String name) {
        MarshallingType<?> t = field.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            SdkPojo nested = field.constructor().get();
            return structure(nested, pojoClass(nested));
        } else if (t == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            ArrayNode list = F.arrayNode();
            String item = member.memberName() == null ? "" : MemberNames.of(member);
            list.add(value(member, null, memberNames ? item : ""));
            return list;
        } else if (t == MarshallingType.MAP) {
            ObjectNode map = F.objectNode();
            map.set("KeyName", value(field.getRequiredTrait(MapTrait.class).valueFieldInfo(), null, ""));
            return map;
        } else if (t == MarshallingType.STRING) {
            if (memberNames) {
                return F.textNode(name);
            }
            List<String> values = owner == null ? List.of() : enumValues(owner, MemberNames.of(field));
            return F.textNode(values.isEmpty() ? "" : values.get(0));
        } else if (t == MarshallingType.INTEGER || t == MarshallingType.LONG) {
            return F.numberNode(0);
        } else if (t == MarshallingType.DOUBLE || t == MarshallingType.FLOAT) {
            return F.numberNode(0.0);
        } else if (t == MarshallingType.BOOLEAN) {
            return F.booleanNode(true);
        } else if (t == MarshallingType.INSTANT) {
            return F.textNode("1970-01-01T00:00:00");
        }
        return F.nullNode();
    }

    /** The class a builder builds: the SDK's builders are nested in it ({@code CopyImageRequest.BuilderImpl}). */
    static Class<?> pojoClass(SdkPojo builder) {
        Class<?> c = builder.getClass();
        return c.getEnclosingClass() != null ? c.getEnclosingClass() : c;
    }

    /** An enum member's values in the model's order, from the SDK enum its getter returns; empty for plain strings. */
    static List<String> enumValues(Class<?> owner, String memberName) {
        try {
            Method getter = owner.getMethod(Names.lowerFirst(memberName));
            Class<?> type = getter.getReturnType();
            if (!type.isEnum()) {
                return List.of();
            }
            return java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .filter(v -> !"null".equals(v)).toList();
        } catch (NoSuchMethodException e) {
            return List.of();
        }
    }

    /** The shorthand form of a member, for help: {@code ResourceType=string,Tags=[{Key=string,Value=string}]}. */
    static String shorthand(SdkField<?> field) {
        return shorthand(field, 0);
    }

    private static String shorthand(SdkField<?> field, int depth) {
        MarshallingType<?> t = field.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            if (depth > 2) {
                return "{...}";
            }
            StringBuilder sb = new StringBuilder();
            for (SdkField<?> m : field.constructor().get().sdkFields()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(MemberNames.of(m)).append('=').append(inner(m, depth + 1));
            }
            return sb.toString();
        } else if (t == MarshallingType.LIST) {
            SdkField<?> m = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            return shorthand(m, depth) + " ...";
        } else if (t == MarshallingType.MAP) {
            return "KeyName1=string,KeyName2=string";
        }
        return OperationArgs.typeName(field);
    }

    private static String inner(SdkField<?> m, int depth) {
        MarshallingType<?> t = m.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            return "{" + shorthand(m, depth) + "}";
        } else if (t == MarshallingType.LIST) {
            SdkField<?> item = m.getRequiredTrait(ListTrait.class).memberFieldInfo();
            String one = inner(item, depth);
            return "[" + one + "," + one + "]";
        }
        return OperationArgs.typeName(m);
    }
}
