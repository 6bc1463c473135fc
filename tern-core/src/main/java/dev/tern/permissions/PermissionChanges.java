package dev.tern.permissions;

import dev.tern.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The grants a Modify*Attribute call adds and removes. EC2 accepts two wire forms for the same change:
 * {@code Attribute=...&OperationType=add&UserId.N=...&UserGroup.N=all}, and the structured
 * {@code LaunchPermission.Add.N.UserId} (or {@code CreateVolumePermission.Add.N.Group}); both end up here.
 */
public record PermissionChanges(List<Permission> add, List<Permission> remove) {
    public PermissionChanges {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
    }

    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty();
    }

    public int size() {
        return add.size() + remove.size();
    }

    /** True when these changes make the resource public. */
    public boolean addsPublic() {
        return add.contains(Permission.PUBLIC);
    }

    /** The flat form: one operation type applied to every listed grantee. */
    public static PermissionChanges fromOperation(String operationType, List<String> userIds, List<String> groups,
            List<String> organizationArns, List<String> organizationalUnitArns) {
        List<Permission> grants = new ArrayList<>();
        userIds.forEach(u -> grants.add(Permission.user(u)));
        groups.forEach(g -> grants.add(Permission.group(g)));
        organizationArns.forEach(a -> grants.add(Permission.organization(a)));
        organizationalUnitArns.forEach(a -> grants.add(Permission.organizationalUnit(a)));
        if (grants.isEmpty()) {
            return new PermissionChanges(List.of(), List.of());
        }
        if (operationType == null) {
            throw ErrorCode.MissingParameter.format("OperationType");
        }
        return switch (operationType) {
            case "add" -> new PermissionChanges(grants, List.of());
            case "remove" -> new PermissionChanges(List.of(), grants);
            default -> throw ErrorCode.InvalidParameterValue.withMessage(
                    "Value (" + operationType + ") for parameter operationType is invalid. Expected: 'add' or 'remove'.");
        };
    }

    /** Combines the flat and the structured forms of one request; a request may use either, not both. */
    public PermissionChanges plus(PermissionChanges other) {
        if (!isEmpty() && !other.isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage(
                    "Specify the permission either with OperationType and UserId/UserGroup or in the structured form, not both.");
        }
        return isEmpty() ? other : this;
    }
}
