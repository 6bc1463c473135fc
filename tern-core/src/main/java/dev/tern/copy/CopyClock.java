package dev.tern.copy;

/**
 * Simulated time (copy.timeScale): with a scale of 60 a simulated minute passes in a real second, so a 15-minute
 * time-based copy is due in 15 real seconds and a 256 KiB/s link moves 15 MiB a real second. Users testing waiters
 * and deadlines turn it up; 1 is real time.
 */
final class CopyClock {
    private CopyClock() {}

    /** Real milliseconds for {@code simulatedMillis} of simulated time. */
    static long realMillis(long simulatedMillis, double timeScale) {
        return Math.max(1, Math.round(simulatedMillis / timeScale));
    }

    /** Real bytes per second for a simulated rate. */
    static double realRate(double simulatedBytesPerSecond, double timeScale) {
        return simulatedBytesPerSecond * timeScale;
    }
}
