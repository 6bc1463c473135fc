package dev.tern.cli.ebs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    TransferOptions transfer;

    @Mixin
    EbsClientOptions client;

    @Override
    public Integer call() {
        EbsChecksums.warmUpInBackground();
        try (EbsClientOptions.Clients clients = client.connect(transfer.concurrency)) {
            new SnapshotDownloader(clients.ebs(), transfer.concurrency, Retrier.standard())
                    .download(snapshotId, file, blocks -> transfer.progress("download", blocks));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failures.report("download-snapshot", e);
        } catch (Exception e) {
            return Failures.report("download-snapshot", e);
        }
    }
}
