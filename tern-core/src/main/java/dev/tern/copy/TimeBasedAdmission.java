package dev.tern.copy;

import dev.tern.config.TernConfig.CopyConfig;
import dev.tern.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Admission of time-based copies (docs/copying.md, "Time-based copies"). Each snapshot reserves its data size
 * divided by the duration, at most the per-snapshot cap (so a large snapshot has a minimum duration), against the
 * quota of its (source Region, destination Region) pair. No quota left: ResourceLimitExceeded. Some left but not
 * enough: admitted with what is left, and it finishes late, as AWS does. Rates are in simulated bytes per second.
 */
final class TimeBasedAdmission {
    private static final long MiB = 1024L * 1024;
    private final CopyConfig config;

    TimeBasedAdmission(CopyConfig config) {
        this.config = config;
    }

    /** The rate each snapshot (by its data size, in order) reserves; run in the transaction that records them. */
    List<Long> admit(Handle h, CopyDestination route, int durationMinutes, List<Long> dataBytes) {
        long cap = config.snapshotThroughputMiBps() * MiB;
        long quota = config.pairThroughputQuotaMiBps() * MiB;
        long left = quota - CopyTasks.reservedBetween(h, route.source().name(), route.destination().name());
        if (left <= 0) {
            throw ErrorCode.ResourceLimitExceeded.withMessage("The cumulative snapshot copy throughput quota of "
                    + config.pairThroughputQuotaMiBps() + " MiB/s from " + route.source().name() + " to "
                    + route.destination().name() + " is in use by other time-based copies.");
        }
        List<Long> wanted = new ArrayList<>();
        long total = 0;
        for (long bytes : dataBytes) {
            long rate = Math.min(cap, Math.max(1, (long) Math.ceil(bytes / (durationMinutes * 60.0))));
            wanted.add(rate);
            total += rate;
        }
        if (total <= left) {
            return wanted;
        }
        double share = (double) left / total;
        return wanted.stream().map(r -> Math.max(1, (long) (r * share))).toList();
    }
}
