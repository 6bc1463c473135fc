package dev.tern.ebs;

import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;

/**
 * GetSnapshotBlock's answer: the response members (data length and checksum, sent as headers) and the block's
 * bytes, which the SDK model leaves out because they travel as the raw body.
 */
public record SnapshotBlock(GetSnapshotBlockResponse response, byte[] data) {}
