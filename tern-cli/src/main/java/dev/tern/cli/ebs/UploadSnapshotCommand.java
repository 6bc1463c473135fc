package dev.tern.cli.ebs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tern ebs upload-snapshot FILE}: a file (a disk image) becomes a new EBS snapshot; prints its ID. */
@Command(name = "upload-snapshot", mixinStandardHelpOptions = true,
        description = {"Upload FILE as a new EBS snapshot and print the snapshot ID.",
                "All-zero blocks and holes are skipped; a final partial block is zero-padded."})
final class UploadSnapshotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The image to upload.")
    Path file;

    @Option(names = "--volume-size", paramLabel = "GiB",
            description = "Volume size of the snapshot (default: the file's size rounded up to whole GiB).")
    Long volumeSize;

    @Option(names = "--description", paramLabel = "D", description = "The snapshot's description.")
    String description;

    @Option(names = "--encrypted", description = "Encrypt the snapshot (with the default EBS key unless --kms-key-arn).")
    Boolean encrypted;

    @Option(names = "--kms-key-arn", paramLabel = "ARN", description = "Encrypt the snapshot under this KMS key.")
    String kmsKeyArn;

    @Option(names = "--wait", description = "Return only once the snapshot is completed.")
    boolean await;

    @Mixin
    TransferOptions transfer;

    @Mixin
    EbsClientOptions client;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            return Failures.report("upload-snapshot", new IllegalArgumentException(file + " is not a file"));
        }
        if (volumeSize != null && volumeSize < 1) {
            return Failures.report("upload-snapshot", new IllegalArgumentException("--volume-size must be at least 1"));
        }
        EbsChecksums.warmUpInBackground();
        try (EbsClientOptions.Clients clients = client.connect(transfer.concurrency)) {
            Retrier retrier = Retrier.standard();
            SnapshotUploader.Result result = new SnapshotUploader(clients.ebs(), transfer.concurrency, retrier)
                    .encryption(encrypted, kmsKeyArn)
                    .upload(file, volumeSize, description, blocks -> transfer.progress("upload", blocks));
            if (await && !"completed".equals(result.status())) {
                new SnapshotWaiter(clients.ec2(), retrier).awaitCompleted(result.snapshotId());
            }
            System.out.println(result.snapshotId());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failures.report("upload-snapshot", e);
        } catch (Exception e) {
            return Failures.report("upload-snapshot", e);
        }
    }
}
