package dev.tern.cli.aws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * {@code --generate-cli-skeleton yaml-input} as the AWS CLI writes it: the request's members in the model's order
 * with the same placeholders as the JSON skeleton ({@link Skeleton}), each member followed by a comment saying
 * whether it is required, the first sentence of its documentation ({@link ModelNotes}) and an enum's values. As in
 * the AWS CLI's YAML writer, the comment of a mapping's first key stands two spaces off, the others one.
 */
final class YamlSkeleton {
    /** Enum values that read back as the same string without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._/-]*");
    private static final List<String> YAML_WORDS = List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private final Service service;
    private final Deque<Class<?>> stack = new ArrayDeque<>();
    private final List<String> lines = new ArrayList<>();

    private YamlSkeleton(Service service) {
        this.service = service;
    }

    static String input(Operation op) {
        YamlSkeleton y = new YamlSkeleton(op.service);
        y.stack.push(op.requestClass);
        List<SdkField<?>> fields = op.requestFields();
        if (fields.isEmpty()) {
            return "{}\n";
        }
        y.mapping(fields, op.requestClass, ModelNotes.inputShape(op), ModelNotes.requiredOf(op), 0, "");
        return String.join("\n", y.lines) + "\n";
    }

    /** A structure's members, its first key after {@code firstPrefix} (a list's dash), the others at indent. */
    private void mapping(List<SdkField<?>> fields, Class<?> owner, String shape, List<String> required, int indent,
                         String firstPrefix) {
        for (int i = 0; i < fields.size(); i++) {
            SdkField<?> f = fields.get(i);
            String name = MemberNames.of(f);
            String prefix = i == 0 ? firstPrefix + " ".repeat(indent - firstPrefix.length()) : " ".repeat(indent);
            int at = lines.size();
            member(f, owner, prefix + name + ":", indent);
            String comment = comment(required.contains(name), ModelNotes.overview(service, shape, name),
                    Skeleton.enumValues(owner, name));
            if (!comment.isEmpty()) {
                lines.set(at, lines.get(at) + (i == 0 ? "  " : " ") + "# " + comment);
            }
        }
    }

    /** Writes {@code head} and the member's value: on the same line for a scalar, below it for a collection. */
    private void member(SdkField<?> f, Class<?> owner, String head, int indent) {
        MarshallingType<?> t = f.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            structure(f.constructor().get(), head, indent + 2, "");
        } else if (t == MarshallingType.LIST) {
            lines.add(head);
            list(f.getRequiredTrait(ListTrait.class).memberFieldInfo(), indent);
        } else if (t == MarshallingType.MAP) {
            lines.add(head);
            SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
            member(value, null, " ".repeat(indent + 2) + "KeyName:", indent + 2);
        } else {
            lines.add(head + " " + scalar(f, owner));
        }
    }

    /** A nested structure under {@code head}; {@code {}} when it has no members or is inside itself. */
    private void structure(SdkPojo builder, String head, int indent, String firstPrefix) {
        Class<?> type = Skeleton.pojoClass(builder);
        stack.push(type);
        try {
            List<SdkField<?>> fields = builder.sdkFields();
            if (Collections.frequency(stack, type) > 1 || fields.isEmpty()) {
                lines.add(head + " {}");
                return;
            }
            if (firstPrefix.isEmpty()) {
                lines.add(head);
            }
            mapping(fields, type, type.getSimpleName(), ModelNotes.requiredOf(service, type.getSimpleName()), indent,
                    firstPrefix);
        } finally {
            stack.pop();
        }
    }

    /** A list of one item, its dash level with the key that holds it. */
    private void list(SdkField<?> item, int indent) {
        String dash = " ".repeat(indent) + "- ";
        MarshallingType<?> t = item.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            SdkPojo builder = item.constructor().get();
            Class<?> type = Skeleton.pojoClass(builder);
            if (Collections.frequency(stack, type) > 0 || builder.sdkFields().isEmpty()) {
                lines.add(dash + "{}");
                return;
            }
            structure(builder, dash, indent + 2, dash);
        } else if (t == MarshallingType.LIST || t == MarshallingType.MAP) {
            lines.add(dash + "[]");
        } else {
            lines.add(dash + scalar(item, null));
        }
    }

    private static String scalar(SdkField<?> f, Class<?> owner) {
        MarshallingType<?> t = f.marshallingType();
        if (t == MarshallingType.STRING) {
            List<String> values = owner == null ? List.of() : Skeleton.enumValues(owner, MemberNames.of(f));
            return values.isEmpty() ? "''" : quoted(values.get(0));
        } else if (t == MarshallingType.INTEGER || t == MarshallingType.LONG) {
            return "0";
        } else if (t == MarshallingType.DOUBLE || t == MarshallingType.FLOAT) {
            return "0.0";
        } else if (t == MarshallingType.BOOLEAN) {
            return "true";
        } else if (t == MarshallingType.INSTANT) {
            return "1970-01-01 00:00:00";
        } else if (t == MarshallingType.SDK_BYTES) {
            return "!!binary ''";
        }
        return "null";
    }

    private static String quoted(String value) {
        return PLAIN.matcher(value).matches() && !YAML_WORDS.contains(value.toLowerCase())
                ? value : "'" + value.replace("'", "''") + "'";
    }

    private static String comment(boolean required, String overview, List<String> values) {
        List<String> parts = new ArrayList<>();
        if (required) {
            parts.add("[REQUIRED]");
        }
        parts.add(overview);
        if (!values.isEmpty()) {
            parts.add("Valid values are: " + String.join(", ", values) + ".");
        }
        String comment = String.join(" ", parts);
        return comment.isBlank() ? "" : comment;
    }
}
