package dev.tern.ebs;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;

/**
 * The EBS direct APIs' errors with their {@code Reason} (aws-behaviour.md §4.2). AWS documents the reasons but not
 * which failure gets which; the choices made here are the ones named in docs/ebs-direct.md.
 */
final class EbsErrors {
    static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";
    static final String INVALID_SNAPSHOT_ID = "INVALID_SNAPSHOT_ID";
    static final String INVALID_BLOCK = "INVALID_BLOCK";
    static final String INVALID_BLOCK_TOKEN = "INVALID_BLOCK_TOKEN";
    static final String INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN";
    static final String INVALID_TAG = "INVALID_TAG";
    static final String INVALID_VOLUME_SIZE = "INVALID_VOLUME_SIZE";
    static final String INVALID_DEPENDENCY_REQUEST = "INVALID_DEPENDENCY_REQUEST";
    static final String UNRELATED_SNAPSHOTS = "UNRELATED_SNAPSHOTS";
    static final String WRITE_REQUEST_TIMEOUT = "WRITE_REQUEST_TIMEOUT";
    static final String SNAPSHOT_NOT_FOUND = "SNAPSHOT_NOT_FOUND";

    private EbsErrors() {}

    static TernException invalid(String reason, String message) {
        return ErrorCode.ValidationException.withReason(reason, message);
    }

    static TernException invalidParameter(String message) {
        return invalid(INVALID_PARAMETER_VALUE, message);
    }

    static TernException snapshotNotFound(String snapshotId) {
        return ErrorCode.ResourceNotFoundException.withReason(SNAPSHOT_NOT_FOUND,
                "The snapshot '" + snapshotId + "' does not exist.");
    }

    static TernException timedOut(String snapshotId) {
        return invalid(WRITE_REQUEST_TIMEOUT, "The snapshot '" + snapshotId + "' is in the error state: it received "
                + "no PutSnapshotBlock or CompleteSnapshot within its Timeout.");
    }
}
