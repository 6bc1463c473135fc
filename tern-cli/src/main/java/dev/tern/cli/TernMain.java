package dev.tern.cli;

import dev.tern.cli.aws.AwsCli;
import dev.tern.cli.ebs.EbsCommand;
import dev.tern.cli.resident.Resident;
import dev.tern.cli.resident.ResidentClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tern} program. */
@Command(name = "tern", mixinStandardHelpOptions = true, version = "tern 0.1.0",
        description = "A self-hosted, AWS-compatible machine-image service.",
        footer = {"", "AWS commands, as in the AWS CLI (every operation of the service's model; `tern SERVICE help`):",
            "  tern ec2 OPERATION [options]       e.g. tern ec2 copy-image --name N --source-image-id AMI "
                    + "--source-region R",
            "  tern kms OPERATION [options]",
            "  tern ebs OPERATION [options]       and tern ebs upload-snapshot / download-snapshot",
            "  tern outposts OPERATION [options]",
            "  tern ec2 wait image-available | image-exists | snapshot-completed [options]",
            "",
            "They talk to the local Tern server (http://127.0.0.1:4566) unless an endpoint is configured",
            "(--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, a profile's endpoint_url), and sign with",
            "the demo account's keys on a local endpoint when no credentials are configured. See docs/cli.md."},
        subcommands = {ServerCommand.class, AdminCommand.class, EbsCommand.class, TrainingCommand.class, CommandLine.HelpCommand.class})
public final class TernMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 3 && args[0].equals("resident")) {
            quietSdkLogging();
            Resident.main(args);
            return;
        }
        if (AwsCli.handles(args)) {
            if (!java.util.Arrays.asList(args).contains("--debug")) {
                quietSdkLogging();
            }
            ResidentClient.onInterrupt(new java.io.FileOutputStream(java.io.FileDescriptor.err));
            System.exit(new AwsCli(System.out, System.err, System.getenv()).run(args));
        }
        System.exit(new CommandLine(new TernMain()).execute(args));
    }

    /**
     * The SDK logs through SLF4J; without --debug nothing is shown, and configuring logback would cost a tenth of
     * the command's start-up. (The resident runs no --debug command: those run in-process.)
     */
    private static void quietSdkLogging() {
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
