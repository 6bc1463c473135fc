package dev.tern.cli.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ebs.model.RequestThrottledException;
import software.amazon.awssdk.services.ebs.model.ValidationException;

class RetrierTest {
    private final Retrier fast = new Retrier(4, Duration.ofMillis(1), Duration.ofMillis(5));

    @Test
    void throttlingServerErrorsAndIoErrorsAreRetried() {
        RequestThrottledException throttled = (RequestThrottledException) RequestThrottledException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestThrottledException").build())
                .build();
        assertThat(Retrier.isRetryable(throttled)).isTrue();
        assertThat(Retrier.isRetryable(software.amazon.awssdk.services.ebs.model.InternalServerException.builder()
                .statusCode(500).build())).isTrue();
        assertThat(Retrier.isRetryable(SdkClientException.create("reset", new IOException("connection reset"))))
                .isTrue();
        assertThat(Retrier.isRetryable(new Retrier.TransientException("checksum mismatch"))).isTrue();
    }

    @Test
    void aValidationErrorIsFinal() {
        ValidationException invalid = (ValidationException) ValidationException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build();
        assertThat(Retrier.isRetryable(invalid)).isFalse();
    }

    @Test
    void aCallSucceedsAfterTransientFailures() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = fast.run("test", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("flaky");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterTheLastAttemptNamingTheCall() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> fast.run("PutSnapshotBlock 7", () -> {
            calls.incrementAndGet();
            throw new IOException("down");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("PutSnapshotBlock 7").hasMessageContaining("4 attempts");
        assertThat(calls).hasValue(4);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        Retrier r = new Retrier(12, Duration.ofMillis(100), Duration.ofSeconds(20));
        assertThat(r.backoffMillis(1)).isBetween(50L, 100L);
        assertThat(r.backoffMillis(4)).isBetween(400L, 800L);
        assertThat(r.backoffMillis(12)).isBetween(10_000L, 20_000L);
    }
}
