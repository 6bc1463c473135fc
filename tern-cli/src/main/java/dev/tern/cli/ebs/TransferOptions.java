package dev.tern.cli.ebs;

import picocli.CommandLine.Option;

/** What upload and download share: how many blocks are in flight, and whether to draw progress. */
final class TransferOptions {
    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + EbsCommand.DEFAULT_CONCURRENCY,
            description = "Blocks in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    /** The progress bar for {@code label} over {@code blocks} blocks (drawn only on a terminal). */
    ProgressBar progress(String label, long blocks) {
        return ProgressBar.create(label, blocks, !noProgress);
    }
}
