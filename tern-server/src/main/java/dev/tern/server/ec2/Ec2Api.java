package dev.tern.server.ec2;

import dev.tern.TernServices;
import dev.tern.server.pipeline.Access;
import dev.tern.server.pipeline.Operation;
import dev.tern.server.pipeline.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import dev.tern.account.CallContext;
import dev.tern.server.auth.SigV4Verifier;
import software.amazon.awssdk.services.ec2.model.CopyImageRequest;
import software.amazon.awssdk.services.ec2.model.CopySnapshotRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsRequest;
import software.amazon.awssdk.services.ec2.model.DisableEbsEncryptionByDefaultRequest;
import software.amazon.awssdk.services.ec2.model.DisableImageDeregistrationProtectionRequest;
import software.amazon.awssdk.services.ec2.model.EnableImageDeregistrationProtectionRequest;
import software.amazon.awssdk.services.ec2.model.EnableEbsEncryptionByDefaultRequest;
import software.amazon.awssdk.services.ec2.model.GetEbsDefaultKmsKeyIdRequest;
import software.amazon.awssdk.services.ec2.model.GetEbsEncryptionByDefaultRequest;
import software.amazon.awssdk.services.ec2.model.GetImageAncestryRequest;
import software.amazon.awssdk.services.ec2.model.ModifyEbsDefaultKmsKeyIdRequest;
import software.amazon.awssdk.services.ec2.model.ResetEbsDefaultKmsKeyIdRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.ResetImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResetSnapshotAttributeRequest;

/**
 * Every EC2 action Tern serves, declared once: its request, required members (by wire name), what it acts on for
 * authorization, and the service method that answers it.
 */
public final class Ec2Api {
    private Ec2Api() {}

    public static List<Operation> operations(TernServices s) {
        List<Operation> ops = new ArrayList<>();
        ops.add(op("DescribeRegions", DescribeRegionsRequest::builder, s.regionService()::describeRegions).build());
        ops.add(op("DescribeAvailabilityZones", DescribeAvailabilityZonesRequest::builder,
                s.regionService()::describeAvailabilityZones).build());

        var images = s.images();
        ops.add(op("RegisterImage", RegisterImageRequest::builder, images::registerImage).required("Name")
                .access(Ec2Access.creates("image")).build());
        ops.add(op("DescribeImages", DescribeImagesRequest::builder, images::describeImages).build());
        ops.add(op("DeregisterImage", DeregisterImageRequest::builder, images::deregisterImage).required("ImageId")
                .access(Ec2Access.image(DeregisterImageRequest::imageId)).build());
        ops.add(op("DescribeImageAttribute", DescribeImageAttributeRequest::builder, images::describeImageAttribute)
                .required("Attribute", "ImageId").access(Ec2Access.image(DescribeImageAttributeRequest::imageId)).build());
        ops.add(op("ModifyImageAttribute", ModifyImageAttributeRequest::builder, images::modifyImageAttribute)
                .required("ImageId").access(Ec2Access.image(ModifyImageAttributeRequest::imageId)).build());
        ops.add(op("ResetImageAttribute", ResetImageAttributeRequest::builder, images::resetImageAttribute)
                .required("Attribute", "ImageId").access(Ec2Access.image(ResetImageAttributeRequest::imageId)).build());
        ops.add(op("EnableImageDeregistrationProtection", EnableImageDeregistrationProtectionRequest::builder,
                images::enableImageDeregistrationProtection).required("ImageId")
                .access(Ec2Access.image(EnableImageDeregistrationProtectionRequest::imageId)).build());
        ops.add(op("DisableImageDeregistrationProtection", DisableImageDeregistrationProtectionRequest::builder,
                images::disableImageDeregistrationProtection).required("ImageId")
                .access(Ec2Access.image(DisableImageDeregistrationProtectionRequest::imageId)).build());
        ops.add(op("GetImageAncestry", GetImageAncestryRequest::builder, images::getImageAncestry).required("ImageId")
                .access(Ec2Access.image(GetImageAncestryRequest::imageId)).build());

        // CopySnapshot's PresignedUrl is checked with the same SigV4 code that checks every request.
        s.copies().checkPresignedUrlsWith(new PresignedUrlCheck(new SigV4Verifier(s.accounts(), s.clock())));
        ops.add(op("CopyImage", CopyImageRequest::builder, s.copies()::copyImage)
                .required("Name", "SourceImageId", "SourceRegion").access(Ec2Access.copyImage(s))
                .serviceAnswersDryRun().build());
        ops.add(op("CopySnapshot", CopySnapshotRequest::builder, s.copies()::copySnapshot)
                .required("SourceRegion", "SourceSnapshotId").access(Ec2Access.copySnapshot())
                .serviceAnswersDryRun().build());

        var snapshots = s.snapshots();
        ops.add(op("DescribeSnapshots", DescribeSnapshotsRequest::builder, snapshots::describeSnapshots).build());
        ops.add(op("DeleteSnapshot", DeleteSnapshotRequest::builder, snapshots::deleteSnapshot).required("SnapshotId")
                .access(Ec2Access.snapshot(DeleteSnapshotRequest::snapshotId)).build());
        ops.add(op("DescribeSnapshotAttribute", DescribeSnapshotAttributeRequest::builder,
                snapshots::describeSnapshotAttribute).required("Attribute", "SnapshotId")
                .access(Ec2Access.snapshot(DescribeSnapshotAttributeRequest::snapshotId)).build());
        ops.add(op("ModifySnapshotAttribute", ModifySnapshotAttributeRequest::builder, snapshots::modifySnapshotAttribute)
                .required("SnapshotId").access(Ec2Access.snapshot(ModifySnapshotAttributeRequest::snapshotId)).build());
        ops.add(op("ResetSnapshotAttribute", ResetSnapshotAttributeRequest::builder, snapshots::resetSnapshotAttribute)
                .required("Attribute", "SnapshotId")
                .access(Ec2Access.snapshot(ResetSnapshotAttributeRequest::snapshotId)).build());

        ops.add(op("CreateTags", CreateTagsRequest::builder, s.tags()::createTags).required("ResourceId", "Tag")
                .access(Ec2Access.each(CreateTagsRequest::resources)).build());
        ops.add(op("DeleteTags", DeleteTagsRequest::builder, s.tags()::deleteTags).required("ResourceId")
                .access(Ec2Access.each(DeleteTagsRequest::resources)).build());
        ops.add(op("DescribeTags", DescribeTagsRequest::builder, s.tags()::describeTags).build());

        var encryption = s.encryptionDefaults();
        ops.add(op("GetEbsEncryptionByDefault", GetEbsEncryptionByDefaultRequest::builder, encryption::get).build());
        ops.add(op("EnableEbsEncryptionByDefault", EnableEbsEncryptionByDefaultRequest::builder, encryption::enable).build());
        ops.add(op("DisableEbsEncryptionByDefault", DisableEbsEncryptionByDefaultRequest::builder, encryption::disable)
                .build());
        ops.add(op("GetEbsDefaultKmsKeyId", GetEbsDefaultKmsKeyIdRequest::builder, encryption::getDefaultKey).build());
        ops.add(op("ModifyEbsDefaultKmsKeyId", ModifyEbsDefaultKmsKeyIdRequest::builder, encryption::modifyDefaultKey)
                .required("KmsKeyId").build());
        ops.add(op("ResetEbsDefaultKmsKeyId", ResetEbsDefaultKmsKeyIdRequest::builder, encryption::resetDefaultKey)
                .build());
        return ops;
    }

    private static <Q> Operation.Builder<Q> op(String action, Supplier<?> builder, BiFunction<CallContext, Q, ?> handler) {
        return Operation.of(Service.EC2, action, builder, handler);
    }
}
