package dev.tern.cli;

import dev.tern.cli.ebs.EbsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tern} program. */
@Command(name = "tern", mixinStandardHelpOptions = true, version = "tern 0.1.0",
        description = "A self-hosted, AWS-compatible machine-image service.",
        subcommands = {ServerCommand.class, EbsCommand.class, TrainingCommand.class})
public final class TernMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TernMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
