package dev.tern.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.TernServices;
import dev.tern.account.Account;
import dev.tern.account.CallContext;
import dev.tern.config.TernConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;

/**
 * The services of one Tern over a real, empty catalogue, with three accounts and a hand-moved clock.
 * {@link #OWNER} and {@link #OTHER} are plain accounts; {@link #AMAZON} carries the alias {@code amazon}.
 */
public final class TernFixture implements AutoCloseable {
    public static final String OWNER = "111111111111";
    public static final String OTHER = "222222222222";
    public static final String AMAZON = "333333333333";
    public static final String REGION = "us-east-1";

    public final TernServices services;
    public final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));

    private TernFixture(TernConfig config, CatalogFixture.Kind kind, Path dir) {
        this.services = new TernServices(config, CatalogFixture.open(kind, dir), dir, clock);
    }

    public static TernFixture start(CatalogFixture.Kind kind, Path dir) {
        return start(kind, dir, TernConfig.DEFAULT_DEREGISTERED_VISIBLE_SECONDS);
    }

    public static TernFixture start(CatalogFixture.Kind kind, Path dir, int deregisteredVisibleSeconds) {
        TernConfig config = TernConfig.empty()
                .withAccounts(List.of(
                        new AccountConfig(OWNER, null, List.of()),
                        new AccountConfig(OTHER, "other", List.of()),
                        new AccountConfig(AMAZON, "amazon", List.of())))
                .withDeregisteredImageVisibleSeconds(deregisteredVisibleSeconds)
                // In the test's directory, so a restart over the same directory finds it, and nothing lands beside it.
                .withRootKey(dir.resolve("root.key").toAbsolutePath().toString());
        return new TernFixture(config, kind, dir);
    }

    /** A call by {@code accountId} in {@link #REGION}. */
    public CallContext as(String accountId) {
        return as(accountId, REGION);
    }

    public CallContext as(String accountId, String region) {
        return new CallContext(new Account(accountId, services.accounts().aliasOf(accountId)),
                services.regions().get(region), "req-1");
    }

    /** A completed snapshot of {@code sizeGiB} owned by {@code accountId}. */
    public String snapshot(String accountId, int sizeGiB) {
        return SnapshotData.write(services, as(accountId), sizeGiB, "test snapshot");
    }

    /** RegisterImage with the usual request: one root device from {@code snapshotId}. */
    public String registerImage(String accountId, String name, String snapshotId) {
        return services.images().registerImage(as(accountId), registerRequest(name, snapshotId).build()).imageId();
    }

    /** An image registered from a fresh 8 GiB snapshot of its owner. */
    public String registerImage(String accountId, String name) {
        return registerImage(accountId, name, snapshot(accountId, 8));
    }

    public static RegisterImageRequest.Builder registerRequest(String name, String snapshotId) {
        return RegisterImageRequest.builder()
                .name(name)
                .rootDeviceName("/dev/xvda")
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda")
                        .ebs(EbsBlockDevice.builder().snapshotId(snapshotId).build()).build());
    }

    /** Asserts that {@code call} fails with exactly this EC2 error code, and returns the assertion for more. */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertError(ErrorCode code, ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(TernException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((TernException) e).code()).isEqualTo(code));
    }

    @Override
    public void close() {
        services.close();
    }
}
