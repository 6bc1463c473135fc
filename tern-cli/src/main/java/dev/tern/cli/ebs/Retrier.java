package dev.tern.cli.ebs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Retries one EBS call with exponential backoff and jitter: on throttling, 5xx answers, I/O and timeout
 * errors, and a block whose checksum did not match. The SDK's own retries are off, so this is the only place
 * that decides, and its 64 workers do not drain a shared retry budget the way the SDK's token bucket would.
 */
final class Retrier {
    /** Like coldsnap, which tries a block up to 12 times. */
    static final int DEFAULT_ATTEMPTS = 12;

    /** A check of ours that failed in a way a new attempt can fix, such as a block corrupted on the way. */
    static final class TransientException extends RuntimeException {
        TransientException(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    private final int attempts;
    private final Duration base;
    private final Duration cap;

    Retrier(int attempts, Duration base, Duration cap) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.attempts = attempts;
        this.base = base;
        this.cap = cap;
    }

    static Retrier standard() {
        return new Retrier(DEFAULT_ATTEMPTS, Duration.ofMillis(100), Duration.ofSeconds(20));
    }

    <T> T run(String what, Call<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new UncheckedIOException(what + " failed after " + attempt + " attempts: " + e.getMessage(), e);
                }
            } catch (RuntimeException e) {
                if (!isRetryable(e) || attempt >= attempts) {
                    throw e;
                }
            }
            Thread.sleep(backoffMillis(attempt));
        }
    }

    long backoffMillis(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }

    static boolean isRetryable(Throwable e) {
        if (e instanceof TransientException || e instanceof UncheckedIOException) {
            return true;
        }
        if (e instanceof SdkServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429
                    || "RequestThrottledException".equals(errorCode(s));
        }
        // The SDK reports I/O errors, timeouts and unreadable answers as client exceptions; retryable ones say so.
        if (e instanceof SdkClientException c) {
            Throwable cause = c.getCause();
            return c.retryable() || cause instanceof IOException || cause instanceof TransientException;
        }
        return false;
    }

    private static String errorCode(SdkServiceException s) {
        return s instanceof AwsServiceException a && a.awsErrorDetails() != null
                ? a.awsErrorDetails().errorCode() : null;
    }
}
