package dev.tern.cli.ebs;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which blocks of a file can hold data. Reading a hole costs as much as reading data (the kernel fills pages with
 * zeros), so an upload of a mostly empty 16 GiB image must not read 16 GiB. Linux answers with
 * {@code lseek(SEEK_DATA / SEEK_HOLE)}; Java has no API for it, so it is called through the FFM API where the JDK
 * has it (22 and later), by reflection because Tern compiles for Java 21. Anywhere else every block counts as
 * possible data, and zero blocks are still skipped after they are read.
 */
final class DataRegions {
    /** Block indexes {@code first} (inclusive) to {@code end} (exclusive). */
    record BlockRange(long first, long end) {
        long count() {
            return end - first;
        }
    }

    private static final int SEEK_DATA = 3; // Linux's values
    private static final int SEEK_HOLE = 4;
    private static final Native NATIVE = Native.load();

    private DataRegions() {
    }

    /** The block ranges of {@code file} (of {@code size} bytes) that may hold data, in ascending order. */
    static List<BlockRange> blockRanges(Path file, long size) {
        List<BlockRange> whole = size == 0 ? List.of() : List.of(new BlockRange(0, EbsBlocks.blockCount(size)));
        if (NATIVE == null || size == 0) {
            return whole;
        }
        try {
            List<BlockRange> ranges = NATIVE.dataBlockRanges(file, size);
            return ranges == null ? whole : ranges;
        } catch (Throwable e) {
            return whole; // only an optimisation: reading every block gives the same snapshot
        }
    }

    /** Adds the blocks of bytes {@code start} to {@code end} to {@code ranges}, merging with the last range. */
    static void addBytes(List<BlockRange> ranges, long start, long end) {
        long first = start / EbsBlocks.BLOCK_SIZE;
        long last = EbsBlocks.blockCount(end);
        if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).end() >= first) {
            BlockRange previous = ranges.remove(ranges.size() - 1);
            ranges.add(new BlockRange(previous.first(), Math.max(previous.end(), last)));
        } else {
            ranges.add(new BlockRange(first, last));
        }
    }

    /** open, lseek and close bound through java.lang.foreign; null where that API or Linux is missing. */
    private record Native(MethodHandle open, MethodHandle lseek, MethodHandle close,
                          Method ofConfined, Method allocateFrom) {
        static Native load() {
            if (Runtime.version().feature() < 22
                    || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
                return null;
            }
            try {
                Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
                Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
                Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
                Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
                Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
                Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
                Object javaInt = valueLayout.getField("JAVA_INT").get(null);
                Object javaLong = valueLayout.getField("JAVA_LONG").get(null);
                Object address = valueLayout.getField("ADDRESS").get(null);
                Method find = lookupClass.getMethod("find", String.class);
                Method of = descriptorClass.getMethod("of", layoutClass, layoutClass.arrayType());
                Method downcall = linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass,
                        optionClass.arrayType());
                Object noOptions = Array.newInstance(optionClass, 0);
                class Binder {
                    MethodHandle bind(String name, Object result, Object... args) throws Exception {
                        Object layouts = Array.newInstance(layoutClass, args.length);
                        for (int i = 0; i < args.length; i++) {
                            Array.set(layouts, i, args[i]);
                        }
                        Object symbol = ((Optional<?>) find.invoke(lookup, name)).orElseThrow();
                        return (MethodHandle) downcall.invoke(linker, symbol, of.invoke(null, result, layouts), noOptions);
                    }
                }
                Binder b = new Binder();
                return new Native(b.bind("open", javaInt, address, javaInt),
                        b.bind("lseek", javaLong, javaInt, javaLong, javaInt),
                        b.bind("close", javaInt, javaInt),
                        Class.forName("java.lang.foreign.Arena").getMethod("ofConfined"),
                        Class.forName("java.lang.foreign.SegmentAllocator").getMethod("allocateFrom", String.class));
            } catch (Throwable e) {
                return null;
            }
        }

        /** Null when the file system cannot tell holes apart. */
        List<BlockRange> dataBlockRanges(Path file, long size) throws Throwable {
            int fd;
            try (AutoCloseable arena = (AutoCloseable) ofConfined.invoke(null)) {
                Object path = allocateFrom.invoke(arena, file.toAbsolutePath().toString());
                fd = (int) open.invokeWithArguments(path, 0 /* O_RDONLY */);
            }
            if (fd < 0) {
                return null;
            }
            try {
                // SEEK_HOLE from 0 always succeeds where holes are supported (the end of the file is one).
                if (lseek(fd, 0, SEEK_HOLE) < 0) {
                    return null;
                }
                List<BlockRange> ranges = new ArrayList<>();
                long position = 0;
                while (position < size) {
                    long data = lseek(fd, position, SEEK_DATA);
                    if (data < 0 || data >= size) {
                        break; // ENXIO: nothing but holes from here to the end
                    }
                    long hole = lseek(fd, data, SEEK_HOLE);
                    long end = hole <= data ? size : Math.min(hole, size);
                    addBytes(ranges, data, end);
                    position = end;
                }
                return ranges;
            } finally {
                close.invokeWithArguments(fd);
            }
        }

        private long lseek(int fd, long offset, int whence) throws Throwable {
            return (long) lseek.invokeWithArguments(fd, offset, whence);
        }
    }
}
