package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.PrintStream;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;

/**
 * {@code --cli-auto-prompt} on a terminal: asks, line by line, for the members not given yet (simple values only;
 * an empty answer leaves a member out). Off a terminal it does nothing, so scripts never hang.
 */
final class Prompt {
    private Prompt() {}

    static void missing(Operation op, ObjectNode input, PrintStream err) {
        Console console = System.console();
        if (console == null) {
            return;
        }
        for (SdkField<?> field : op.requestFields()) {
            MarshallingType<?> t = field.marshallingType();
            if (input.has(MemberNames.of(field)) || t == MarshallingType.SDK_POJO || t == MarshallingType.LIST
                    || t == MarshallingType.MAP || MemberNames.of(field).equals("DryRun")) {
                continue;
            }
            String answer = console.readLine("--%s (%s): ", Names.kebab(MemberNames.of(field)),
                    OperationArgs.typeName(field));
            if (answer != null && !answer.isBlank()) {
                input.put(MemberNames.of(field), answer.strip());
            }
        }
    }
}
