package dev.tern.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories Tern makes in its data directory are its user's alone (0600 / 0700): the catalogue holds
 * wrapped keys and every account's metadata, the block files every snapshot's data. The mode is given when each
 * is created, so there is no moment at which another user could open one; on file systems without POSIX
 * permissions, nothing is done.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** The attributes a new file is created with. */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] directory() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir}, which must not exist, private to this user. */
    public static void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, directory());
    }

    /** Creates {@code dir} and its missing parents private to this user; an existing {@code dir} is made private. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            restrict(dir, DIR_MODE);
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        try {
            createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // Made meanwhile by another thread or process.
        }
    }

    /**
     * Makes sure {@code file} exists and is private to this user: created empty when missing, restricted when not.
     * SQLite, which opens the catalogue next, gives its journal files the mode of the database file.
     */
    public static void prepareFile(Path file) throws IOException {
        try {
            Files.createFile(file, file());
        } catch (FileAlreadyExistsException e) {
            restrict(file, FILE_MODE);
        }
    }

    /** Makes {@code file} private to this user if it exists (files made before Tern set modes itself). */
    public static void restrictIfPresent(Path file) throws IOException {
        if (Files.exists(file)) {
            restrict(file, FILE_MODE);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (POSIX && !Files.getPosixFilePermissions(path).equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }
}
