package dev.tern.copy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The copy engine's metrics, served by {@code /_tern/metrics}: bytes copied per Region pair, copies pending,
 * completed and failed, and per pair the rate time-based copies reserved against the rate copies used.
 */
final class CopyMetrics {
    /** The used rate is averaged over this window. */
    private static final long WINDOW_NANOS = 5_000_000_000L;

    private final MeterRegistry registry;
    private final Counter completed;
    private final Counter failed;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();

    private final class Pair {
        final Counter bytes;
        final AtomicLong windowStart = new AtomicLong(System.nanoTime());
        final AtomicLong windowBytes = new AtomicLong();
        volatile double usedRate;
        final String[] regions;

        Pair(String from, String to, ToDoubleFunction<String[]> reserved) {
            // The gauges hold their state weakly: this pair, kept in the map, holds it strongly.
            regions = new String[] {from, to};
            bytes = Counter.builder("tern.copy.bytes").description("Bytes copied between Regions")
                    .tag("source_region", from).tag("destination_region", to).register(registry);
            Gauge.builder("tern.copy.reserved.bytes.per.second", this, p -> reserved.applyAsDouble(p.regions))
                    .description("Rate reserved by time-based copies").tag("source_region", from)
                    .tag("destination_region", to).register(registry);
            Gauge.builder("tern.copy.used.bytes.per.second", this, p -> p.currentRate())
                    .description("Rate copies moved data at, over the last seconds").tag("source_region", from)
                    .tag("destination_region", to).register(registry);
        }

        void add(long n) {
            bytes.increment(n);
            long now = System.nanoTime();
            long start = windowStart.get();
            long total = windowBytes.addAndGet(n);
            if (now - start >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
                usedRate = total / ((now - start) / 1e9);
                windowBytes.addAndGet(-total);
            }
        }

        double currentRate() {
            return System.nanoTime() - windowStart.get() > 2 * WINDOW_NANOS ? 0 : usedRate;
        }
    }

    private final ToDoubleFunction<String[]> reserved;

    CopyMetrics(MeterRegistry registry, java.util.function.ToLongFunction<String> activeCopies,
            ToDoubleFunction<String[]> reserved) {
        this.registry = registry;
        this.reserved = reserved;
        this.completed = Counter.builder("tern.copies.completed").description("Snapshot copies completed")
                .register(registry);
        this.failed = Counter.builder("tern.copies.failed").description("Snapshot copies failed").register(registry);
        Gauge.builder("tern.copies.pending", "all", activeCopies::applyAsLong)
                .description("Snapshot copies queued or running").register(registry);
    }

    void moved(String from, String to, long bytes) {
        pairs.computeIfAbsent(from + ">" + to, k -> new Pair(from, to, reserved)).add(bytes);
    }

    void completed() {
        completed.increment();
    }

    void failed() {
        failed.increment();
    }
}
