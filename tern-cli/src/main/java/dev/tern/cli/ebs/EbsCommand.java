package dev.tern.cli.ebs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tern ebs}: snapshot data through the EBS direct APIs, of Tern or of any other endpoint. */
@Command(name = "ebs", mixinStandardHelpOptions = true,
        description = "Upload files as EBS snapshots and download snapshots as files (EBS direct APIs).",
        subcommands = {UploadSnapshotCommand.class, DownloadSnapshotCommand.class})
public final class EbsCommand implements Runnable {
    /** Blocks in flight, as in coldsnap. */
    static final int DEFAULT_CONCURRENCY = 64;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
