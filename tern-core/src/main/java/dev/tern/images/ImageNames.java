package dev.tern.images;

import dev.tern.error.ErrorCode;
import java.util.regex.Pattern;

/** The AMI name and description rules (docs/copying.md, "What the call does": Name and Description). */
public final class ImageNames {
    public static final int MAX_DESCRIPTION_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 ()\\[\\]./\\-'@_]{3,128}");

    private ImageNames() {}

    public static void validateName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ErrorCode.InvalidAMIName_Malformed.exception();
        }
    }

    public static void validateDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ErrorCode.InvalidParameterValue.withMessage("The description must be at most "
                    + MAX_DESCRIPTION_LENGTH + " characters long.");
        }
    }
}
