package dev.tern.images;

import dev.tern.error.ErrorCode;
import dev.tern.time.Ec2Time;

/**
 * Deregistration protection (docs/copying.md, "Deregistration protection"). A protected image refuses
 * DeregisterImage. Protection enabled with a cooldown keeps refusing for 24 hours after it is disabled; the image
 * then shows {@code disabled} while deregistration is still refused until the cooldown ends.
 */
final class DeregistrationProtection {
    /** Stored in {@code images.deregistration_protection}; null is off. */
    static final String ENABLED = "enabled";
    static final String ENABLED_WITH_COOLDOWN = "enabled-with-cooldown";
    static final long COOLDOWN_MILLIS = 24L * 60 * 60 * 1000;

    private DeregistrationProtection() {}

    /** What DescribeImages and DescribeImageAttribute show: {@code enabled} or {@code disabled}. */
    static String shown(ImageRow image) {
        return image.deregistrationProtection() == null ? "disabled" : "enabled";
    }

    /** The protection and cooldown end an image has after Enable..., as a pair for the repository. */
    static String enabled(Boolean withCooldown) {
        return Boolean.TRUE.equals(withCooldown) ? ENABLED_WITH_COOLDOWN : ENABLED;
    }

    /** When deregistration is allowed again after Disable...: now + 24 hours with a cooldown, else what it was. */
    static Long protectedUntilAfterDisabling(ImageRow image, long now) {
        return ENABLED_WITH_COOLDOWN.equals(image.deregistrationProtection()) ? Long.valueOf(now + COOLDOWN_MILLIS)
                : image.protectedUntil();
    }

    /** Refuses DeregisterImage of a protected image, or of one whose cooldown has not ended. */
    static void requireDeregistrable(ImageRow image, long now) {
        if (image.deregistrationProtection() != null) {
            throw ErrorCode.InvalidParameterValue.withMessage("The image " + image.imageId() + " has deregistration "
                    + "protection enabled. Disable it with DisableImageDeregistrationProtection first.");
        }
        if (image.protectedUntil() != null && image.protectedUntil() > now) {
            throw ErrorCode.InvalidParameterValue.withMessage("The image " + image.imageId() + " is in its "
                    + "deregistration protection cooldown period and cannot be deregistered until "
                    + Ec2Time.iso(image.protectedUntil()) + ".");
        }
    }
}
