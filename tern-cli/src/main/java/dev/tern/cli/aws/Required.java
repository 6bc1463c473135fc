package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * Required members, checked before anything is sent, as the AWS CLI checks them: options missing from the command
 * line are a usage error ({@code the following arguments are required: --name, --source-image-id}); with
 * {@code --cli-input-json} or {@code --cli-input-yaml} the whole request is checked instead, nested structures too
 * ({@code Missing required parameter in input: "SourceRegion"}). Both exit 252. Which members are required comes
 * from {@link ModelNotes}.
 */
final class Required {
    private Required() {}

    /** The options of required members the command line does not give, in the order of the request's members. */
    static List<String> missingOptions(OperationArgs parsed) {
        List<String> required = ModelNotes.requiredOf(parsed.operation);
        List<String> missing = new ArrayList<>();
        for (SdkField<?> f : parsed.fields) {
            String name = MemberNames.of(f);
            String option = "--" + Names.kebab(name);
            boolean given = parsed.matched(option)
                    || (f.marshallingType() == MarshallingType.BOOLEAN && parsed.matched("--no-" + option.substring(2)));
            if (required.contains(name) && !given) {
                missing.add(option);
            }
        }
        return missing;
    }

    /** Checks a whole request; throws the AWS CLI's "Parameter validation failed" when a required member is missing. */
    static void check(Operation op, JsonNode input) {
        List<String> problems = new ArrayList<>();
        structure(op.service, ModelNotes.requiredOf(op), op.requestFields(), input, "input", problems);
        if (!problems.isEmpty()) {
            throw new ParamException("Parameter validation failed:\n" + String.join("\n", problems));
        }
    }

    private static void structure(Service service, List<String> required, List<SdkField<?>> fields, JsonNode node,
                                  String path, List<String> problems) {
        if (!node.isObject()) {
            return;
        }
        for (String name : required) {
            if (!node.has(name) || node.get(name).isNull()) {
                problems.add("Missing required parameter in " + path + ": \"" + name + "\"");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (SdkField<?> f : fields) {
                if (e.getKey().equals(MemberNames.of(f))) {
                    value(service, f, e.getValue(), path.equals("input") ? e.getKey() : path + "." + e.getKey(),
                            problems);
                }
            }
        }
    }

    private static void value(Service service, SdkField<?> field, JsonNode node, String path, List<String> problems) {
        MarshallingType<?> t = field.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            var nested = field.constructor().get();
            structure(service, ModelNotes.requiredOf(service, Skeleton.pojoClass(nested).getSimpleName()),
                    nested.sdkFields(), node, path, problems);
        } else if (t == MarshallingType.LIST && node.isArray()) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            for (int i = 0; i < node.size(); i++) {
                value(service, member, node.get(i), path + "[" + i + "]", problems);
            }
        } else if (t == MarshallingType.MAP && node.isObject()) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            node.fields().forEachRemaining(e -> value(service, member, e.getValue(), path + "." + e.getKey(), problems));
        }
    }
}
