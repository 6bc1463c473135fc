package dev.tern.images;

import java.util.List;

/** An image with its block device mapping, as DescribeImages filters and renders it. */
record ImageView(ImageRow row, List<BlockDeviceRow> blockDevices) {}
