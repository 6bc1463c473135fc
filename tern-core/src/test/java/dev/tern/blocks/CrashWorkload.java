package dev.tern.blocks;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A fixed sequence of block operations, numbered from 0, that the crash test's child process runs and the parent
 * replays on paper: each op's effect depends only on its number, so the state after any number of ops is known.
 * Rounds of ten ops each start a snapshot from the previous round's, release the one before that, and write
 * blocks: new content, content repeated across rounds (shared, freed and taken up again), and zeros, to indexes
 * that are written over again and again.
 */
final class CrashWorkload {
    static final String REGION = "us-east-1";
    private static final int ROUND = 10;

    private CrashWorkload() {}

    static String snapshot(int round) {
        return "snap-" + round;
    }

    /** Runs op {@code op} against {@code blocks}. */
    static void apply(int op, SnapshotBlocks blocks) {
        int round = op / ROUND;
        int step = op % ROUND;
        if (step == 0 && round > 0) {
            blocks.inherit(snapshot(round), snapshot(round - 1));
        } else if (step == 1 && round >= 2) {
            blocks.release(snapshot(round - 2));
        } else {
            blocks.write(REGION, snapshot(round), index(op), content(op));
        }
    }

    /** The checksum of every written block of every snapshot after ops {@code 0..ops-1}. */
    static Map<String, Map<Integer, String>> expected(int ops) {
        Map<String, Map<Integer, String>> state = new HashMap<>();
        for (int op = 0; op < ops; op++) {
            int round = op / ROUND;
            int step = op % ROUND;
            if (step == 0 && round > 0) {
                state.put(snapshot(round), new TreeMap<>(state.getOrDefault(snapshot(round - 1), Map.of())));
            } else if (step == 1 && round >= 2) {
                state.remove(snapshot(round - 2));
            } else {
                state.computeIfAbsent(snapshot(round), s -> new TreeMap<>()).put(index(op), Sha256.hex(content(op)));
            }
        }
        return state;
    }

    private static int index(int op) {
        return op * 7 % 12;
    }

    static byte[] content(int op) {
        byte[] data = new byte[SnapshotBlocks.BLOCK_SIZE];
        int step = op % ROUND;
        if (step == 4) {
            return data;
        }
        // Every third op repeats one of five contents; the others write content never seen before.
        new Random(step % 3 == 0 ? op % 5 : 1000 + op).nextBytes(data);
        return data;
    }
}
