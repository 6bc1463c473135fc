package dev.tern.images;

import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.permissions.Permission;
import dev.tern.permissions.PermissionChanges;
import dev.tern.permissions.PermissionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.DescribeImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImageAttributeResponse;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.LaunchPermissionModifications;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeResponse;
import software.amazon.awssdk.services.ec2.model.ResetImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResetImageAttributeResponse;

/**
 * Describe/Modify/ResetImageAttribute. Launch permissions are the owner's business only; the other attributes
 * can be read by anyone who can see the image. Only the owner changes anything.
 */
final class ImageAttributes {
    private static final String LAUNCH_PERMISSION = "launchPermission";
    private static final String DESCRIPTION = "description";
    private static final Set<String> DESCRIBABLE = Set.of(LAUNCH_PERMISSION, DESCRIPTION, "kernel", "ramdisk",
            "productCodes", "sriovNetSupport", "bootMode", "tpmSupport", "uefiData", "imdsSupport", "lastLaunchedTime",
            "deregistrationProtection", "blockDeviceMapping");

    private final Catalog catalog;
    private final ImageRepository repository;
    private final PermissionTable permissions = PermissionTable.IMAGE_LAUNCH;

    ImageAttributes(Catalog catalog, ImageRepository repository) {
        this.catalog = catalog;
        this.repository = repository;
    }

    DescribeImageAttributeResponse describe(CallContext ctx, DescribeImageAttributeRequest request) {
        String attribute = request.attributeAsString();
        if (!DESCRIBABLE.contains(attribute)) {
            throw unknownAttribute(attribute);
        }
        return catalog.read(h -> {
            ImageRow r = LAUNCH_PERMISSION.equals(attribute)
                    ? ImageAccess.requireOwned(repository, h, ctx, request.imageId())
                    : ImageAccess.requireVisible(repository, h, ctx, request.imageId());
            var b = DescribeImageAttributeResponse.builder().imageId(r.imageId());
            switch (attribute) {
                case LAUNCH_PERMISSION -> b.launchPermissions(launchPermissions(permissions.list(h, r.imageId())));
                case DESCRIPTION -> b.description(value(r.description()));
                case "kernel" -> b.kernelId(value(r.kernelId()));
                case "ramdisk" -> b.ramdiskId(value(r.ramdiskId()));
                case "productCodes" -> b.productCodes(ImageRendering.productCodes(r.productCodes()));
                case "sriovNetSupport" -> b.sriovNetSupport(value(r.sriovNetSupport()));
                case "bootMode" -> b.bootMode(value(r.bootMode()));
                case "tpmSupport" -> b.tpmSupport(value(r.tpmSupport()));
                case "uefiData" -> b.uefiData(value(r.uefiData()));
                case "imdsSupport" -> b.imdsSupport(value(r.imdsSupport()));
                case "lastLaunchedTime" -> b.lastLaunchedTime(value(null));
                case "deregistrationProtection" -> b.deregistrationProtection(value(DeregistrationProtection.shown(r)));
                // EC2 no longer answers this attribute, and says so with this error.
                case "blockDeviceMapping" -> throw ErrorCode.AuthFailure.withMessage(
                        "Unauthorized attempt to access restricted resource");
                default -> throw unknownAttribute(attribute);
            }
            return b.build();
        });
    }

    ModifyImageAttributeResponse modify(CallContext ctx, ModifyImageAttributeRequest request) {
        String attribute = request.attribute();
        String description = request.description() != null ? request.description().value()
                : DESCRIPTION.equals(attribute) ? request.value() : null;
        if (description != null) {
            ImageNames.validateDescription(description);
        }
        PermissionChanges changes = PermissionChanges.fromOperation(request.operationTypeAsString(), request.userIds(),
                        request.userGroups(), request.organizationArns(), request.organizationalUnitArns())
                .plus(structured(request.launchPermission()));
        if (attribute != null && !LAUNCH_PERMISSION.equals(attribute) && !DESCRIPTION.equals(attribute)) {
            if ("imdsSupport".equals(attribute) || request.imdsSupport() != null) {
                throw ErrorCode.InvalidParameterValue.withMessage("Changing imdsSupport is not supported by Tern.");
            }
            throw unknownAttribute(attribute);
        }
        if (LAUNCH_PERMISSION.equals(attribute) && changes.isEmpty()) {
            throw ErrorCode.MissingParameter.format("UserId or UserGroup");
        }
        if (description == null && changes.isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage("No attributes specified.");
        }
        if (description != null && !changes.isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage("Only one attribute can be modified at a time.");
        }
        catalog.useTransaction(h -> {
            ImageRow r = ImageAccess.requireOwned(repository, h, ctx, request.imageId());
            if (description != null) {
                repository.updateDescription(h, r.imageId(), description);
                return;
            }
            permissions.apply(h, r.imageId(), changes);
            repository.setPublic(h, r.imageId(), permissions.has(h, r.imageId(), Permission.PUBLIC));
        });
        return ModifyImageAttributeResponse.builder().build();
    }

    ResetImageAttributeResponse reset(CallContext ctx, ResetImageAttributeRequest request) {
        String attribute = request.attributeAsString();
        if (!LAUNCH_PERMISSION.equals(attribute)) {
            throw ErrorCode.InvalidParameterValue.withMessage("Value (" + attribute
                    + ") for parameter attribute is invalid. Only launchPermission can be reset.");
        }
        catalog.useTransaction(h -> {
            ImageRow r = ImageAccess.requireOwned(repository, h, ctx, request.imageId());
            permissions.clear(h, r.imageId());
            repository.setPublic(h, r.imageId(), false);
        });
        return ResetImageAttributeResponse.builder().build();
    }

    private static PermissionChanges structured(LaunchPermissionModifications m) {
        if (m == null) {
            return new PermissionChanges(List.of(), List.of());
        }
        return new PermissionChanges(toPermissions(m.add()), toPermissions(m.remove()));
    }

    private static List<Permission> toPermissions(List<LaunchPermission> grants) {
        List<Permission> out = new ArrayList<>();
        for (LaunchPermission g : grants) {
            if (g.userId() != null) {
                out.add(Permission.user(g.userId()));
            }
            if (g.groupAsString() != null) {
                out.add(Permission.group(g.groupAsString()));
            }
            if (g.organizationArn() != null) {
                out.add(Permission.organization(g.organizationArn()));
            }
            if (g.organizationalUnitArn() != null) {
                out.add(Permission.organizationalUnit(g.organizationalUnitArn()));
            }
        }
        return out;
    }

    private static List<LaunchPermission> launchPermissions(List<Permission> grants) {
        return grants.stream().map(p -> switch (p.kind()) {
            case USER -> LaunchPermission.builder().userId(p.value()).build();
            case GROUP -> LaunchPermission.builder().group(p.value()).build();
            case ORG -> LaunchPermission.builder().organizationArn(p.value()).build();
            case OU -> LaunchPermission.builder().organizationalUnitArn(p.value()).build();
        }).toList();
    }

    private static AttributeValue value(String v) {
        return AttributeValue.builder().value(v).build();
    }

    private static RuntimeException unknownAttribute(String attribute) {
        return ErrorCode.InvalidParameterValue.withMessage("Value (" + attribute
                + ") for parameter attribute is invalid. Unknown attribute.");
    }
}
