package dev.tern.images;

import java.util.List;
import java.util.Map;

/** An image with its block device mapping and the caller's tags on it, as DescribeImages filters and renders it. */
record ImageView(ImageRow row, List<BlockDeviceRow> blockDevices, Map<String, String> tags) {}
