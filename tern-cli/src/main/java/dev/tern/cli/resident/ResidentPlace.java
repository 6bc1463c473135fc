package dev.tern.cli.resident;

import java.io.File;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Where the resident of one build listens: a socket in a directory only its user can enter, named after the build
 * (the jar, its time and size), the JDK and the JVM options, so a rebuilt tern gets a resident of its own and the
 * old one ends when idle. The directory is TERN_CLI_RESIDENT_DIR, else $XDG_RUNTIME_DIR/tern, else tern-USER under
 * the temporary directory.
 */
record ResidentPlace(Path jar, List<String> jvm, String key, Path socket) {
    /** How long a starting resident may take to listen (a loaded machine can take seconds). */
    private static final long START_MILLIS = 60_000;

    /** The place, or null when the directory is not safely this user's alone (the command then runs in-process). */
    static ResidentPlace of(Path jar, List<String> jvm, Map<String, String> env) throws IOException {
        Path dir = directory(env);
        if (dir == null) {
            return null;
        }
        Path abs = jar.toAbsolutePath().normalize();
        String key = build(abs) + System.getProperty("java.home") + "\n" + String.join("\n", jvm);
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        Path socket = dir.resolve(Long.toHexString(crc.getValue()) + ".sock");
        // A Unix socket's path has at most 107 bytes on Linux (103 on macOS); a longer one could never be bound.
        return socket.toString().getBytes(StandardCharsets.UTF_8).length > 100 ? null
                : new ResidentPlace(abs, jvm, key, socket);
    }

    /** The build part of a key: the jar's path, time and size, a line each. */
    private static String build(Path jar) throws IOException {
        return jar + "\n" + Files.getLastModifiedTime(jar).toMillis() + "\n" + Files.size(jar) + "\n";
    }

    /** Whether the jar a key names is still that build (a rebuilt or removed jar: its resident should end). */
    static boolean current(String key) {
        try {
            return key.startsWith(build(Path.of(key.substring(0, key.indexOf('\n')))));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path directory(Map<String, String> env) throws IOException {
        String chosen = env.get("TERN_CLI_RESIDENT_DIR");
        Path dir;
        if (chosen != null && !chosen.isEmpty()) {
            dir = Path.of(chosen);
        } else if (env.get("XDG_RUNTIME_DIR") != null && !env.get("XDG_RUNTIME_DIR").isEmpty()) {
            dir = Path.of(env.get("XDG_RUNTIME_DIR"), "tern");
        } else {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "tern-" + System.getProperty("user.name"));
        }
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(owner));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by a client at the same moment; checked below like any other
            }
        }
        // Another user's directory, a link, or one others may enter could let them answer for the resident.
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean ours = a.isDirectory() && a.permissions().equals(owner)
                && a.owner().getName().equals(System.getProperty("user.name"));
        return ours ? dir : null;
    }

    /** A connection to the resident, started first when none answers; null when none could be started. */
    SocketChannel connectOrStart() throws IOException {
        try {
            return ResidentClient.connect(socket);
        } catch (IOException e) {
            // none yet, or one that has gone (its socket is left behind): start one
        }
        Process resident = start();
        long deadline = System.currentTimeMillis() + START_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try {
                return ResidentClient.connect(socket);
            } catch (IOException e) {
                // A resident that lost the race to another client's exits at once; that one's socket will do.
                if (!resident.isAlive() && !Files.exists(socket)) {
                    return null;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private Process start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toString(), "resident", socket.toString(), key));
        Path log = Path.of(socket.toString().replaceAll("\\.sock$", ".log"));
        return new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true).start();
    }
}
