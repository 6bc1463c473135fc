package dev.tern.snapshots;

import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.permissions.Permission;
import dev.tern.permissions.PermissionChanges;
import dev.tern.permissions.PermissionTable;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermissionModifications;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotAttributeResponse;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeResponse;
import software.amazon.awssdk.services.ec2.model.ResetSnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResetSnapshotAttributeResponse;

/** Describe/Modify/ResetSnapshotAttribute: who may create volumes from a snapshot, and its product codes. */
final class SnapshotAttributes {
    static final String CREATE_VOLUME_PERMISSION = "createVolumePermission";
    static final String PRODUCT_CODES = "productCodes";
    // EC2 takes at most this many grants and revocations in one ModifySnapshotAttribute call.
    private static final int MAX_MODIFICATIONS = 500;

    private final Catalog catalog;
    private final SnapshotRepository repository;
    private final PermissionTable permissions = PermissionTable.SNAPSHOT_VOLUME;

    SnapshotAttributes(Catalog catalog, SnapshotRepository repository) {
        this.catalog = catalog;
        this.repository = repository;
    }

    DescribeSnapshotAttributeResponse describe(CallContext ctx, DescribeSnapshotAttributeRequest request) {
        String attribute = request.attributeAsString();
        requireKnown(attribute);
        return catalog.read(h -> {
            var builder = DescribeSnapshotAttributeResponse.builder().snapshotId(request.snapshotId());
            if (CREATE_VOLUME_PERMISSION.equals(attribute)) {
                SnapshotAccess.requireOwned(repository, h, ctx, request.snapshotId());
                List<CreateVolumePermission> out = new ArrayList<>();
                for (Permission p : permissions.list(h, request.snapshotId())) {
                    out.add(p.kind() == Permission.Kind.GROUP
                            ? CreateVolumePermission.builder().group(p.value()).build()
                            : CreateVolumePermission.builder().userId(p.value()).build());
                }
                return builder.createVolumePermissions(out).build();
            }
            SnapshotAccess.requireVisible(repository, h, ctx, request.snapshotId());
            // Tern snapshots never carry Marketplace product codes.
            return builder.productCodes(List.of()).build();
        });
    }

    ModifySnapshotAttributeResponse modify(CallContext ctx, ModifySnapshotAttributeRequest request) {
        String attribute = request.attributeAsString();
        if (attribute != null) {
            requireKnown(attribute);
            if (!CREATE_VOLUME_PERMISSION.equals(attribute)) {
                throw ErrorCode.InvalidParameterValue.withMessage("The attribute " + attribute + " cannot be modified.");
            }
        }
        PermissionChanges changes = PermissionChanges.fromOperation(request.operationTypeAsString(), request.userIds(),
                        request.groupNames(), List.of(), List.of())
                .plus(structured(request.createVolumePermission()));
        if (changes.isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage("No attributes specified.");
        }
        if (!changes.add().isEmpty() && !changes.remove().isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage(
                    "You cannot add and remove permissions in the same request.");
        }
        if (changes.size() > MAX_MODIFICATIONS) {
            throw ErrorCode.InvalidParameterValue.withMessage("A request may make at most " + MAX_MODIFICATIONS
                    + " permission modifications.");
        }
        catalog.useTransaction(h -> {
            SnapshotRow row = SnapshotAccess.requireOwned(repository, h, ctx, request.snapshotId());
            if (row.encrypted() && changes.addsPublic()) {
                throw ErrorCode.OperationNotPermitted.withMessage("Encrypted snapshots cannot be made public.");
            }
            permissions.apply(h, row.snapshotId(), changes);
        });
        return ModifySnapshotAttributeResponse.builder().build();
    }

    ResetSnapshotAttributeResponse reset(CallContext ctx, ResetSnapshotAttributeRequest request) {
        String attribute = request.attributeAsString();
        requireKnown(attribute);
        if (!CREATE_VOLUME_PERMISSION.equals(attribute)) {
            throw ErrorCode.InvalidParameterValue.withMessage("The attribute " + attribute + " cannot be reset.");
        }
        catalog.useTransaction(h -> {
            SnapshotAccess.requireOwned(repository, h, ctx, request.snapshotId());
            permissions.clear(h, request.snapshotId());
        });
        return ResetSnapshotAttributeResponse.builder().build();
    }

    private static PermissionChanges structured(CreateVolumePermissionModifications m) {
        if (m == null) {
            return new PermissionChanges(List.of(), List.of());
        }
        return new PermissionChanges(toPermissions(m.add()), toPermissions(m.remove()));
    }

    private static List<Permission> toPermissions(List<CreateVolumePermission> grants) {
        List<Permission> out = new ArrayList<>();
        for (CreateVolumePermission g : grants) {
            if (g.userId() != null) {
                out.add(Permission.user(g.userId()));
            }
            if (g.groupAsString() != null) {
                out.add(Permission.group(g.groupAsString()));
            }
        }
        return out;
    }

    private static void requireKnown(String attribute) {
        if (!CREATE_VOLUME_PERMISSION.equals(attribute) && !PRODUCT_CODES.equals(attribute)) {
            throw ErrorCode.InvalidParameterValue.withMessage("Value (" + attribute
                    + ") for parameter attribute is invalid. Expected: 'createVolumePermission' or 'productCodes'.");
        }
    }
}
