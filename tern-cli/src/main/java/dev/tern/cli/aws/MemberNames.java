package dev.tern.cli.aws;

import software.amazon.awssdk.core.SdkField;

/**
 * A member's name in the service model, which the AWS CLI shows. The SDK's model classes use the same names except
 * where the SDK's customisations rename a member for Java: EC2's {@code Return} (a keyword's neighbour) becomes
 * {@code ReturnValue}, and {@code Public} of images becomes {@code PublicLaunchPermissions} / {@code isPublic}.
 * Those renames are undone here; their wire names still say which model member they are.
 */
final class MemberNames {
    private MemberNames() {}

    static String of(SdkField<?> field) {
        String name = field.memberName();
        if (name == null) {
            return null;
        }
        String wire = field.locationName();
        if (name.equals("ReturnValue") && "Return".equals(wire)) {
            return "Return";
        }
        if ((name.equals("PublicLaunchPermissions") || name.equals("isPublic")) && "isPublic".equalsIgnoreCase(wire)) {
            return "Public";
        }
        return name;
    }
}
