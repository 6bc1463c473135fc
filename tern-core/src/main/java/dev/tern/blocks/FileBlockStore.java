package dev.tern.blocks;

import dev.tern.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Blocks as files under one directory (by default {@code <dataDir>/blocks}): {@code REGION/ab/cd/NAME}, where
 * {@code ab} and {@code cd} are the name's first characters, so no directory grows past a few thousand entries.
 * <p>
 * A write goes to a new file in {@code .incoming}, is forced to disk, renamed atomically to its final name, and the
 * final directory is forced too. So a file under its final name is always complete, and once {@link #put} returns
 * it survives SIGKILL and power loss. A crash mid-write leaves only a file in {@code .incoming}, which
 * {@link #removeIncomplete} deletes later.
 */
public final class FileBlockStore implements BlockStore {
    static final String INCOMING = ".incoming";
    private static final boolean CAN_SYNC_DIRECTORIES = !System.getProperty("os.name", "").startsWith("Windows");

    private final Path root;
    private final Path incoming;
    /** Directories whose entries this process has forced to disk (see {@link #createDirectories}). */
    private final Set<Path> durableDirectories = ConcurrentHashMap.newKeySet();
    /** Null where the file system refuses O_DIRECT: reads and writes then go through the page cache. */
    private final DirectIo direct;

    public FileBlockStore(Path root) {
        this.root = root.toAbsolutePath();
        this.incoming = this.root.resolve(INCOMING);
        try {
            createDirectories(incoming);
        } catch (IOException e) {
            throw new BlockStoreException("cannot create block directory " + incoming + ": " + e.getMessage(), e);
        }
        this.direct = DirectIo.probe(incoming).orElse(null);
    }

    public Path root() {
        return root;
    }

    /** Whether reads and writes bypass the page cache (see {@link DirectIo}). */
    boolean writesDirect() {
        return direct != null;
    }

    /** Where the object named {@code key} lives. */
    Path path(String key) {
        BlockKeys.check(key);
        String name = BlockKeys.name(key);
        return root.resolve(BlockKeys.region(key)).resolve(name.substring(0, 2)).resolve(name.substring(2, 4))
                .resolve(name);
    }

    @Override
    public void put(String key, byte[] data) {
        Path target = path(key);
        Path temp = incoming.resolve(UUID.randomUUID() + ".tmp");
        try {
            if (direct != null) {
                direct.write(temp, data);
            } else {
                writeBuffered(temp, data);
            }
            createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new BlockStoreException("cannot write block " + key + ": " + e.getMessage(), e);
        }
    }

    /** {@link DirectIo#write} through the page cache, for file systems that refuse O_DIRECT. */
    private static void writeBuffered(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.file())) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path file = path(key);
        try {
            return Optional.of(direct != null ? direct.read(file) : Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlockStoreException("cannot read block " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new BlockStoreException("cannot delete block " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void list(Consumer<StoredObject> each) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(incoming) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    keyOf(file).ifPresent(key -> each.accept(new StoredObject(key, attrs.lastModifiedTime().toInstant())));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // A file deleted while the walk was under way (by a sweep, say) is simply no longer there.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new BlockStoreException("cannot list blocks under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The key of a file at {@code REGION/ab/cd/NAME}, if it is one of ours and lies where that key would put it. */
    private Optional<String> keyOf(Path file) {
        Path relative = root.relativize(file);
        if (relative.getNameCount() != 4) {
            return Optional.empty();
        }
        String key = relative.getName(0) + "/" + relative.getName(3);
        return BlockKeys.isValid(key) && path(key).equals(file) ? Optional.of(key) : Optional.empty();
    }

    @Override
    public int removeIncomplete(Instant cutoff) {
        int removed = 0;
        try (Stream<Path> files = Files.list(incoming)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // Renamed into place or removed meanwhile: nothing left to do.
                }
            }
        } catch (IOException e) {
            throw new BlockStoreException("cannot clean " + incoming + ": " + e.getMessage(), e);
        }
        return removed;
    }

    @Override
    public boolean privateToThisProcess() {
        return true;
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    /**
     * Creates {@code dir} and any missing parents, and makes sure each one's entry is on disk so the path survives
     * power loss. A directory counts as durable only once this process has forced its parent after seeing it exist:
     * seeing it is not enough, since another writer may have created it and not yet forced the parent, and a block
     * acknowledged inside it meanwhile could be lost with the entry.
     */
    private void createDirectories(Path dir) throws IOException {
        if (durableDirectories.contains(dir)) {
            return;
        }
        Path parent = dir.getParent();
        // Inside the store every level is checked; above it (made once, before any writer) only missing ones.
        if (dir.startsWith(root) && !dir.equals(root) || !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        try {
            PrivateFiles.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // Made before, or by another writer just now: its parent is forced below all the same.
        }
        syncDirectory(parent);
        durableDirectories.add(dir);
    }

    private static void syncDirectory(Path dir) throws IOException {
        if (CAN_SYNC_DIRECTORIES) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left for removeIncomplete.
        }
    }
}
