package dev.tern.cli.aws;

import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;

/**
 * Help at each level, from the model: a service's description and commands, and an operation's description and
 * synopsis in the AWS CLI's form (required members without brackets) with each member's documentation, type,
 * shorthand and allowed values, and the members of its output. The SDK's classes carry the types; the prose and
 * which members are required come from {@link ModelNotes}.
 */
final class Help {
    static final String VERSION = "0.1.0";

    private Help() {}

    static String version() {
        return "tern/" + VERSION + " Java/" + System.getProperty("java.version") + " "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    }

    static String service(Service service) {
        StringBuilder sb = new StringBuilder();
        sb.append(service.command).append("\n\n").append("DESCRIPTION\n");
        paragraphs(sb, ModelNotes.serviceDoc(service), 2);
        sb.append(ModelNotes.serviceDoc(service).isEmpty() ? "" : "\n").append("  ").append(service.title)
                .append(": every operation of its model is a command, with the AWS CLI's options and output.\n  ")
                .append(defaults()).append("\n\nAVAILABLE COMMANDS\n");
        if (service == Service.EC2) {
            sb.append("  o wait (image-available | image-exists | snapshot-completed)\n");
        }
        if (service == Service.EBS) {
            sb.append("  o upload-snapshot (a file as a snapshot)\n  o download-snapshot (a snapshot as a file)\n");
        }
        for (String command : Operation.all(service).keySet()) {
            sb.append("  o ").append(command).append('\n');
        }
        return sb.toString();
    }

    /** Paragraphs word-wrapped to 79 columns at an indent, blank lines between; list items hang under "* ". */
    static void paragraphs(StringBuilder sb, List<String> paragraphs, int indent) {
        for (int i = 0; i < paragraphs.size(); i++) {
            String p = paragraphs.get(i);
            String first = " ".repeat(indent);
            String rest = p.startsWith("* ") ? first + "  " : first;
            StringBuilder line = new StringBuilder(first);
            boolean empty = true;
            for (String word : p.split(" ")) {
                if (!empty && line.length() + 1 + word.length() > 79) {
                    sb.append(line).append('\n');
                    line = new StringBuilder(rest);
                    empty = true;
                }
                line.append(empty ? "" : " ").append(word);
                empty = false;
            }
            sb.append(line).append(i < paragraphs.size() - 1 ? "\n\n" : "\n");
        }
    }

    static String defaults() {
        return "Endpoint: --endpoint-url, else AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's "
                + "endpoint_url, else the local Tern server " + CliConfig.LOCAL_ENDPOINT + ".\n  Credentials: "
                + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else the profile's; on a local endpoint with none "
                + "configured, the demo account's.\n  Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the "
                + "profile's; on the local server " + CliConfig.LOCAL_REGION + " when none is configured.";
    }

    static String operation(Operation op) {
        StringBuilder sb = new StringBuilder();
        sb.append(op.command()).append("\n\nDESCRIPTION\n");
        paragraphs(sb, ModelNotes.operationDoc(op), 2);
        sb.append(ModelNotes.operationDoc(op).isEmpty() ? "" : "\n").append("  The ").append(op.name)
                .append(" operation of ").append(op.service.title).append(".\n  ")
                .append(defaults()).append("\n\nSYNOPSIS\n  ").append(op.command()).append('\n');
        List<SdkField<?>> fields = op.requestFields();
        List<String> required = ModelNotes.requiredOf(op);
        for (SdkField<?> f : fields) {
            String o = "--" + Names.kebab(MemberNames.of(f));
            String option = f.marshallingType() == MarshallingType.BOOLEAN ? o + " | --no-" + o.substring(2)
                    : o + " <value>";
            sb.append(required.contains(MemberNames.of(f)) ? "  " + option + "\n" : "  [" + option + "]\n");
        }
        sb.append("  [--cli-input-json | --cli-input-yaml]\n  [--generate-cli-skeleton <value>]\n");
        if (op.pages()) {
            sb.append("  [--starting-token <value>]\n  [--page-size <value>]\n  [--max-items <value>]\n");
        }
        sb.append("  [--debug]\n  [--endpoint-url <value>]\n  [--no-verify-ssl]\n  [--no-paginate]\n"
                + "  [--output <value>]\n  [--query <value>]\n  [--profile <value>]\n  [--region <value>]\n"
                + "  [--version <value>]\n  [--color <value>]\n  [--no-sign-request]\n  [--ca-bundle <value>]\n"
                + "  [--cli-read-timeout <value>]\n  [--cli-connect-timeout <value>]\n"
                + "  [--cli-binary-format <value>]\n  [--no-cli-pager]\n  [--cli-auto-prompt]\n"
                + "  [--no-cli-auto-prompt]\n\nOPTIONS\n");
        for (SdkField<?> f : fields) {
            String o = "--" + Names.kebab(MemberNames.of(f));
            sb.append("  ").append(o);
            if (f.marshallingType() == MarshallingType.BOOLEAN) {
                sb.append(" | --no-").append(o.substring(2));
            }
            sb.append(" (").append(OperationArgs.typeName(f)).append(")\n");
            List<String> doc = ModelNotes.memberDoc(op, MemberNames.of(f));
            if (required.contains(MemberNames.of(f))) {
                sb.append("    [REQUIRED]\n");
            }
            if (doc.isEmpty()) {
                sb.append("    The request's ").append(MemberNames.of(f)).append(" member.\n");
            } else {
                paragraphs(sb, doc, 4);
            }
            List<String> values = Skeleton.enumValues(op.requestClass, MemberNames.of(f));
            if (!values.isEmpty()) {
                sb.append("    Possible values: ").append(String.join(", ", values)).append('\n');
            }
            switch (OperationArgs.typeName(f)) {
                case "structure", "map" -> sb.append("    Shorthand Syntax: ").append(Skeleton.shorthand(f))
                        .append("\n    or JSON.\n");
                case "list" -> {
                    SdkField<?> m = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
                    sb.append(m.marshallingType() == MarshallingType.SDK_POJO
                            ? "    Shorthand Syntax: " + Skeleton.shorthand(f) + "\n    or a JSON list.\n"
                            : "    Syntax: " + OperationArgs.typeName(m) + " " + OperationArgs.typeName(m)
                            + " ... (or a JSON list)\n");
                }
                default -> { }
            }
            sb.append('\n');
        }
        sb.append("  Values may also be read from files: file://PATH (text), fileb://PATH (bytes, for blobs).\n"
                + "\nGLOBAL OPTIONS\n  See `tern help`.\n\nOUTPUT\n");
        try {
            SdkPojo response = (SdkPojo) op.responseClass.getMethod("builder").invoke(null);
            for (SdkField<?> f : response.sdkFields()) {
                sb.append("  ").append(MemberNames.of(f)).append(" -> (").append(OperationArgs.typeName(f)).append(")\n");
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }
}
