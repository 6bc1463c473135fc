package dev.tern.cli.ebs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tern ebs download-snapshot SNAPSHOT_ID FILE}: a completed snapshot becomes a sparse file of its volume size. */
@Command(name = "download-snapshot", mixinStandardHelpOptions = true,
        description = {"Download a completed EBS snapshot into FILE, a sparse file of the volume's full size.",
                "An existing FILE is overwritten."})
final class DownloadSnapshotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SNAPSHOT_ID", description = "The snapshot, snap-...")
    String snapshotId;

    @Parameters(index = "1", paramLabel = "FILE", description = "Where to write the volume's bytes.")
    Path file;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + EbsCommand.DEFAULT_CONCURRENCY,
            description = "Blocks in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Mixin
    EbsClientOptions client;

    @Override
    public Integer call() {
        try (EbsClientOptions.Clients clients = client.connect(concurrency)) {
            new SnapshotDownloader(clients.ebs(), concurrency, Retrier.standard())
                    .download(snapshotId, file, blocks -> ProgressBar.create("download", blocks, !noProgress));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failures.report("download-snapshot", e);
        } catch (Exception e) {
            return Failures.report("download-snapshot", e);
        }
    }
}
