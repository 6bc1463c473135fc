package dev.tern.images;

/**
 * One image of a GetImageAncestry chain (docs/copying.md, "Ancestry"): the image, where and when it was made, and
 * the image it was copied from (null for an image that was registered, the end of the chain).
 */
public record ImageAncestryEntry(String imageId, String region, long creationTime, String ownerAlias,
        String sourceImageId, String sourceImageRegion) {}
