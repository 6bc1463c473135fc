package dev.tern.server.pipeline;

import software.amazon.awssdk.core.SdkPojo;

/**
 * A REST result whose body is data, not members (EBS GetSnapshotBlock's block): the response's header members go
 * in headers, {@code data} is the body as it is.
 */
public record RawResult(SdkPojo response, byte[] data) {}
