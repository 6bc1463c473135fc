package dev.tern.server.ec2;

import dev.tern.TernServices;
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

/** Which EC2 actions exist and which service answers each: the one place that lists them. */
public final class Ec2Api {
    private Ec2Api() {}

    public static Ec2Operations operations(TernServices s) {
        Ec2Operations ops = new Ec2Operations();
        ops.add(Ec2Operation.of("DescribeRegions", DescribeRegionsRequest::builder, s.regionService()::describeRegions));
        ops.add(Ec2Operation.of("DescribeAvailabilityZones", DescribeAvailabilityZonesRequest::builder,
                s.regionService()::describeAvailabilityZones));

        ops.add(Ec2Operation.of("RegisterImage", RegisterImageRequest::builder, s.images()::registerImage, "Name"));
        ops.add(Ec2Operation.of("DescribeImages", DescribeImagesRequest::builder, s.images()::describeImages));
        ops.add(Ec2Operation.of("DeregisterImage", DeregisterImageRequest::builder, s.images()::deregisterImage, "ImageId"));
        ops.add(Ec2Operation.of("DescribeImageAttribute", DescribeImageAttributeRequest::builder,
                s.images()::describeImageAttribute, "Attribute", "ImageId"));
        ops.add(Ec2Operation.of("ModifyImageAttribute", ModifyImageAttributeRequest::builder,
                s.images()::modifyImageAttribute, "ImageId"));
        ops.add(Ec2Operation.of("EnableImageDeregistrationProtection", EnableImageDeregistrationProtectionRequest::builder,
                s.images()::enableImageDeregistrationProtection, "ImageId"));
        ops.add(Ec2Operation.of("DisableImageDeregistrationProtection", DisableImageDeregistrationProtectionRequest::builder,
                s.images()::disableImageDeregistrationProtection, "ImageId"));
        ops.add(Ec2Operation.of("GetImageAncestry", GetImageAncestryRequest::builder, s.images()::getImageAncestry, "ImageId"));
        ops.add(Ec2Operation.of("ResetImageAttribute", ResetImageAttributeRequest::builder,
                s.images()::resetImageAttribute, "Attribute", "ImageId"));

        // CopySnapshot's PresignedUrl is checked with the same SigV4 code that checks every request.
        s.copies().checkPresignedUrlsWith(new PresignedUrlCheck(new SigV4Verifier(s.accounts(), s.clock())));
        ops.add(Ec2Operation.checkingDryRun("CopyImage", CopyImageRequest::builder, s.copies()::copyImage,
                "Name", "SourceImageId", "SourceRegion"));
        ops.add(Ec2Operation.checkingDryRun("CopySnapshot", CopySnapshotRequest::builder, s.copies()::copySnapshot,
                "SourceRegion", "SourceSnapshotId"));

        ops.add(Ec2Operation.of("DescribeSnapshots", DescribeSnapshotsRequest::builder, s.snapshots()::describeSnapshots));
        ops.add(Ec2Operation.of("DeleteSnapshot", DeleteSnapshotRequest::builder, s.snapshots()::deleteSnapshot, "SnapshotId"));
        ops.add(Ec2Operation.of("DescribeSnapshotAttribute", DescribeSnapshotAttributeRequest::builder,
                s.snapshots()::describeSnapshotAttribute, "Attribute", "SnapshotId"));
        ops.add(Ec2Operation.of("ModifySnapshotAttribute", ModifySnapshotAttributeRequest::builder,
                s.snapshots()::modifySnapshotAttribute, "SnapshotId"));
        ops.add(Ec2Operation.of("ResetSnapshotAttribute", ResetSnapshotAttributeRequest::builder,
                s.snapshots()::resetSnapshotAttribute, "Attribute", "SnapshotId"));

        ops.add(Ec2Operation.of("CreateTags", CreateTagsRequest::builder, s.tags()::createTags, "ResourceId", "Tag"));
        ops.add(Ec2Operation.of("DeleteTags", DeleteTagsRequest::builder, s.tags()::deleteTags, "ResourceId"));
        ops.add(Ec2Operation.of("DescribeTags", DescribeTagsRequest::builder, s.tags()::describeTags));

        var encryption = s.encryptionDefaults();
        ops.add(Ec2Operation.of("GetEbsEncryptionByDefault", GetEbsEncryptionByDefaultRequest::builder, encryption::get));
        ops.add(Ec2Operation.of("EnableEbsEncryptionByDefault", EnableEbsEncryptionByDefaultRequest::builder, encryption::enable));
        ops.add(Ec2Operation.of("DisableEbsEncryptionByDefault", DisableEbsEncryptionByDefaultRequest::builder,
                encryption::disable));
        ops.add(Ec2Operation.of("GetEbsDefaultKmsKeyId", GetEbsDefaultKmsKeyIdRequest::builder, encryption::getDefaultKey));
        ops.add(Ec2Operation.of("ModifyEbsDefaultKmsKeyId", ModifyEbsDefaultKmsKeyIdRequest::builder,
                encryption::modifyDefaultKey, "KmsKeyId"));
        ops.add(Ec2Operation.of("ResetEbsDefaultKmsKeyId", ResetEbsDefaultKmsKeyIdRequest::builder,
                encryption::resetDefaultKey));
        return ops;
    }
}
