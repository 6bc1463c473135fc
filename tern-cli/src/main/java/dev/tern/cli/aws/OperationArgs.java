package dev.tern.cli.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * The options of one operation's command, made from its request's members: {@code --member-name} for each, a
 * {@code --flag}/{@code --no-flag} pair for booleans, one or more values for lists, shorthand or JSON for
 * structures and maps; then what was typed, as a JSON tree keyed by member names.
 */
final class OperationArgs {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final java.util.Set<String> PAGING_OPTIONS = java.util.Set.of("--starting-token", "--page-size",
            "--max-items");

    final Operation operation;
    final GlobalOptions globals = new GlobalOptions();
    final CommandSpec spec;
    private final Map<String, SdkField<?>> byOption = new LinkedHashMap<>();
    final List<SdkField<?>> fields;

    OperationArgs(Operation operation) {
        this.operation = operation;
        this.fields = operation.requestFields();
        spec = CommandSpec.create().name(operation.command());
        spec.usageMessage().description(operation.service.command + " " + operation.command() + ": the "
                + operation.name + " operation of " + operation.service.title + ".");
        for (SdkField<?> field : fields) {
            String option = "--" + Names.kebab(MemberNames.of(field));
            if (operation.pages() && PAGING_OPTIONS.contains(option)) {
                // IAM's MaxItems is the page limit: the AWS CLI fills it from --page-size, and its own --max-items
                // counts the items of all pages, so the member gets no option of its own.
                continue;
            }
            byOption.put(option, field);
            MarshallingType<?> type = field.marshallingType();
            if (type == MarshallingType.BOOLEAN) {
                spec.addOption(OptionSpec.builder(option).arity("0").type(Boolean.class)
                        .description("(boolean) " + MemberNames.of(field)).build());
                spec.addOption(OptionSpec.builder("--no-" + option.substring(2)).arity("0").type(Boolean.class)
                        .hidden(true).build());
            } else if (type == MarshallingType.LIST) {
                spec.addOption(OptionSpec.builder(option).arity("1..*").type(List.class).auxiliaryTypes(String.class)
                        .paramLabel("<value>").description("(list) " + MemberNames.of(field) + syntaxHint(field))
                        .build());
            } else {
                spec.addOption(OptionSpec.builder(option).arity("1").type(String.class).paramLabel("<value>")
                        .description("(" + typeName(field) + ") " + MemberNames.of(field) + syntaxHint(field)).build());
            }
        }
        spec.addOption(OptionSpec.builder("--cli-input-json").arity("1").type(String.class).paramLabel("<value>")
                .description("Read arguments from this JSON (or file://PATH); options on the command line win.")
                .build());
        spec.addOption(OptionSpec.builder("--cli-input-yaml").arity("1").type(String.class).paramLabel("<value>")
                .description("Read arguments from this YAML (or file://PATH); options on the command line win.")
                .build());
        spec.addOption(OptionSpec.builder("--generate-cli-skeleton").arity("0..1").type(String.class)
                .paramLabel("<value>").fallbackValue("input")
                .description("Print a skeleton instead of calling: input (JSON), yaml-input, or output.").build());
        if (operation.pages()) {
            spec.addOption(OptionSpec.builder("--starting-token").arity("1").type(String.class).paramLabel("<value>")
                    .description("A token from a previous truncated response, to start paginating from.").build());
            spec.addOption(OptionSpec.builder("--page-size").arity("1").type(Integer.class).paramLabel("<value>")
                    .description("The number of items in each page the service returns.").build());
            spec.addOption(OptionSpec.builder("--max-items").arity("1").type(Integer.class).paramLabel("<value>")
                    .description("The total number of items to return.").build());
        }
        spec.addMixin("global", CommandSpec.forAnnotatedObject(globals));
    }

    static String typeName(SdkField<?> field) {
        MarshallingType<?> t = field.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            return "structure";
        } else if (t == MarshallingType.INSTANT) {
            return "timestamp";
        } else if (t == MarshallingType.SDK_BYTES) {
            return "blob";
        }
        return t.toString().toLowerCase(Locale.ROOT).replace("sdk_", "");
    }

    private static String syntaxHint(SdkField<?> field) {
        return switch (typeName(field)) {
            case "structure", "map", "list" -> ". Shorthand: " + Skeleton.shorthand(field) + " or JSON";
            default -> "";
        };
    }

    <T> T value(String option) {
        OptionSpec o = spec.findOption(option);
        return o == null ? null : o.getValue();
    }

    boolean matched(String option) {
        OptionSpec o = spec.findOption(option);
        return o != null && spec.commandLine().getParseResult().hasMatchedOption(o);
    }

    /** The members typed on the command line, as a JSON tree (booleans as booleans, everything else as text). */
    ObjectNode typed(String binaryFormat, ParamFiles files) {
        ObjectNode tree = F.objectNode();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Map.Entry<String, SdkField<?>> e : byOption.entrySet()) {
            SdkField<?> field = e.getValue();
            OptionSpec option = spec.findOption(e.getKey());
            if (field.marshallingType() == MarshallingType.BOOLEAN) {
                OptionSpec negative = spec.findOption("--no-" + e.getKey().substring(2));
                // The later of --x and --no-x wins, as in the AWS CLI.
                int on = lastIndex(parsed, option);
                int off = lastIndex(parsed, negative);
                if (on >= 0 || off >= 0) {
                    tree.put(MemberNames.of(field), on > off);
                }
                continue;
            }
            if (!parsed.hasMatchedOption(option)) {
                continue;
            }
            Object raw = option.getValue();
            List<String> values = raw instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(raw));
            tree.set(MemberNames.of(field), convert(field, values, binaryFormat, files));
        }
        return tree;
    }

    private static int lastIndex(CommandLine.ParseResult parsed, OptionSpec option) {
        if (option == null || !parsed.hasMatchedOption(option)) {
            return -1;
        }
        List<String> args = parsed.originalArgs();
        return args.lastIndexOf(option.longestName());
    }

    private static JsonNode convert(SdkField<?> field, List<String> typed, String binaryFormat,
                                    ParamFiles files) {
        List<ParamFiles.Value> values = new ArrayList<>();
        for (String v : typed) {
            values.add(files.resolve(v));
        }
        MarshallingType<?> type = field.marshallingType();
        String option = "--" + Names.kebab(MemberNames.of(field));
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            boolean scalars = member.marshallingType() != MarshallingType.SDK_POJO
                    && member.marshallingType() != MarshallingType.LIST && member.marshallingType() != MarshallingType.MAP;
            if (values.size() == 1 && values.get(0).text().strip().startsWith("[")) {
                return coerce(field, json(values.get(0).text(), option));
            }
            ArrayNode list = F.arrayNode();
            for (ParamFiles.Value v : values) {
                if (scalars) {
                    list.add(scalar(member, v, binaryFormat));
                } else {
                    list.add(coerce(member, structured(v, option)));
                }
            }
            return list;
        }
        ParamFiles.Value v = values.get(0);
        if (type == MarshallingType.SDK_POJO || type == MarshallingType.MAP) {
            return coerce(field, structured(v, option));
        }
        return scalar(field, v, binaryFormat);
    }

    private static JsonNode scalar(SdkField<?> field, ParamFiles.Value v, String binaryFormat) {
        if (field.marshallingType() == MarshallingType.SDK_BYTES) {
            return F.textNode(v.binary() ? v.base64() : Blobs.fromTyped(v.text(), binaryFormat));
        }
        return F.textNode(v.text());
    }

    private static JsonNode structured(ParamFiles.Value v, String option) {
        String s = v.text().strip();
        if (s.startsWith("{") || s.startsWith("[")) {
            return json(v.text(), option);
        }
        try {
            return Shorthand.parse(v.text());
        } catch (ParamException e) {
            throw new ParamException("Error parsing parameter '" + option + "': " + e.getMessage()
                    .replaceFirst("^Error parsing parameter: ", ""));
        }
    }

    private static JsonNode json(String text, String option) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ParamException("Error parsing parameter '" + option + "': Invalid JSON: "
                    + e.getOriginalMessage() + "\nJSON received: " + text);
        }
    }

    /** Shorthand gives a lone value where the model has a list: make it a list of one, at every depth. */
    static JsonNode coerce(SdkField<?> field, JsonNode node) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            ArrayNode list = node.isArray() ? (ArrayNode) node : F.arrayNode().add(node);
            ArrayNode out = F.arrayNode();
            list.forEach(item -> out.add(coerce(member, item)));
            return out;
        }
        if (type == MarshallingType.MAP && node.isObject()) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            ObjectNode out = F.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), coerce(member, e.getValue())));
            return out;
        }
        if (type == MarshallingType.SDK_POJO && node.isObject()) {
            Map<String, SdkField<?>> members = new LinkedHashMap<>();
            field.constructor().get().sdkFields().forEach(f -> members.put(MemberNames.of(f), f));
            ObjectNode out = F.objectNode();
            node.fields().forEachRemaining(e -> {
                SdkField<?> m = members.get(e.getKey());
                out.set(e.getKey(), m == null ? e.getValue() : coerce(m, e.getValue()));
            });
            return out;
        }
        return node;
    }
}
