package dev.tern.server.fuzz;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the server has handed out so far: ids and paging tokens worth sending back. */
final class Targets {
    private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-f]{17}");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("snap-[0-9a-f]{17}");
    private static final Pattern NEXT_TOKEN = Pattern.compile("<nextToken>([^<]+)</nextToken>");

    final Set<String> images = new ConcurrentSkipListSet<>();
    final Set<String> snapshots = new ConcurrentSkipListSet<>();
    final Set<String> ownSnapshots = new ConcurrentSkipListSet<>();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    /** The images and snapshots the test made before fuzzing. */
    final Set<String> seeded = new ConcurrentSkipListSet<>();

    void seededImage(String imageId) {
        images.add(imageId);
        seeded.add(imageId);
    }

    /** Remembers ids and paging tokens from successful answers, for later requests to send back. */
    void harvest(String body) {
        Matcher m = IMAGE_ID.matcher(body);
        while (m.find() && images.size() < 200) {
            images.add(m.group());
        }
        m = SNAPSHOT_ID.matcher(body);
        while (m.find() && snapshots.size() < 200) {
            snapshots.add(m.group());
        }
        m = NEXT_TOKEN.matcher(body);
        if (m.find() && tokens.size() < 100) {
            tokens.add(m.group(1));
        }
    }
}
