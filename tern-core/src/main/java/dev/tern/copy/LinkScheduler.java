package dev.tern.copy;

import dev.tern.config.TernConfig.LinkConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated links between Regions (the {@code links} setting) and the deadline-aware share of each one. A copy
 * paces itself after each batch: it may have moved its bytes at its share of the link's bandwidth, and waits out
 * the rest. Every time-based copy's share is at least what it needs to finish by its deadline (its remaining bytes
 * over its remaining time, and never less than it reserved); best-effort copies share what is left equally, per
 * copy. Copies without a configured link are not capped. The accounting is per node: several nodes sharing a
 * catalogue each keep their own copies to the link's bandwidth.
 */
final class LinkScheduler {
    /** A copy counts as using its link while it paced itself this recently. */
    private static final long ACTIVE_NANOS = 3_000_000_000L;
    /**
     * A time-based copy is paced to finish this share of its duration before its deadline. Paced to the deadline
     * itself it comes in late: every pause between its batches (giving its task back, a worker claiming it again)
     * adds to the time its rate was planned for, and bench/copy measured such copies a second or two late.
     */
    static final double DEADLINE_SLACK = 0.2;

    private record Link(double realBytesPerSecond, long realLatencyMillis) {}

    private static final class Flow {
        long nextFreeNanos;
        long lastSeenNanos;
        double requiredRate;
    }

    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, Map<String, Flow>> flows = new HashMap<>();
    private final double timeScale;

    LinkScheduler(List<LinkConfig> configured, double timeScale) {
        this.timeScale = timeScale;
        for (LinkConfig l : configured) {
            links.put(pair(l.from(), l.to()), new Link(l.bandwidth() == null ? 0
                    : CopyClock.realRate(l.bandwidthBytesPerSecond(), timeScale),
                    l.latency() == null ? 0 : CopyClock.realMillis(l.latencyMillis(), timeScale)));
        }
    }

    /**
     * How long (real milliseconds) task {@code t} waits after moving {@code bytes} in {@code blocks} blocks, with
     * {@code remainingBytes} still to move. Zero on an uncapped link without latency.
     */
    synchronized long afterMoving(CopyTask t, long bytes, int blocks, long remainingBytes, long nowMillis) {
        Link link = links.get(pair(t.sourceRegion(), t.destRegion()));
        if (link == null || bytes <= 0) {
            return 0;
        }
        long latency = blocks > 0 ? link.realLatencyMillis() : 0;
        if (link.realBytesPerSecond() <= 0) {
            return latency;
        }
        long now = System.nanoTime();
        Map<String, Flow> onLink = flows.computeIfAbsent(pair(t.sourceRegion(), t.destRegion()), k -> new HashMap<>());
        onLink.values().removeIf(f -> now - f.lastSeenNanos > Math.max(ACTIVE_NANOS, f.nextFreeNanos - now + ACTIVE_NANOS));
        Flow flow = onLink.computeIfAbsent(t.taskId(), k -> new Flow());
        flow.lastSeenNanos = now;
        // The rate this batch had to move at: what it moved counts, or a time-based copy's last batch would need
        // nothing, be paced like a best-effort copy on a busy link, and wait minutes before completing.
        flow.requiredRate = required(t, remainingBytes + bytes, nowMillis);
        double rate = share(link.realBytesPerSecond(), onLink, flow);
        long start = Math.max(now, flow.nextFreeNanos);
        flow.nextFreeNanos = start + (long) (bytes / rate * 1e9);
        return Math.max(0, (flow.nextFreeNanos - now) / 1_000_000) + latency;
    }

    synchronized void forget(CopyTask t) {
        Map<String, Flow> onLink = flows.get(pair(t.sourceRegion(), t.destRegion()));
        if (onLink != null) {
            onLink.remove(t.taskId());
        }
    }

    boolean isCapped(String source, String destination) {
        Link l = links.get(pair(source, destination));
        return l != null && l.realBytesPerSecond() > 0;
    }

    /** The real rate a link gives, 0 when uncapped: what a batch is sized by. */
    double bandwidth(String source, String destination) {
        Link l = links.get(pair(source, destination));
        return l == null ? 0 : l.realBytesPerSecond();
    }

    private double required(CopyTask t, long remainingBytes, long nowMillis) {
        if (!t.isTimeBased() || t.deadline() == null) {
            return 0;
        }
        long slack = t.completionDurationMinutes() == null ? 0
                : (long) (DEADLINE_SLACK * CopyClock.realMillis(t.completionDurationMinutes() * 60_000L, timeScale));
        double secondsLeft = Math.max(0.25, (t.deadline() - slack - nowMillis) / 1000.0);
        return remainingBytes / secondsLeft;
    }

    private static double share(double bandwidth, Map<String, Flow> onLink, Flow flow) {
        double required = 0;
        for (Flow f : onLink.values()) {
            required += f.requiredRate;
        }
        int n = onLink.size();
        if (required >= bandwidth) {
            // Over-committed (admission keeps this rare): time-based copies split the link by need, others crawl.
            return flow.requiredRate > 0 ? bandwidth * flow.requiredRate / required : bandwidth * 0.01 / n;
        }
        return flow.requiredRate + (bandwidth - required) / n;
    }

    private static String pair(String from, String to) {
        return from + ">" + to;
    }
}
