package dev.tern.cli.resident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.host.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident's life (docs/cli.md, "Start-up"): where it listens, when it ends, and what a client does when it is
 * lost.
 */
class ResidentLifecycleTest {
    private static final String KEY = "test build";

    @Test
    @DisplayName("the resident's place is a directory only its user may enter, named after the build")
    void place(@TempDir Path tmp) throws IOException {
        Path jar = Files.writeString(tmp.resolve("tern.jar"), "jar");
        Map<String, String> env = new HashMap<>(Map.of("TERN_CLI_RESIDENT_DIR", tmp.resolve("r").toString()));
        ResidentPlace place = ResidentPlace.of(jar, List.of("-Xmx1g"), env);
        assertThat(Files.getPosixFilePermissions(tmp.resolve("r")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(place.socket().getParent()).isEqualTo(tmp.resolve("r"));
        assertThat(ResidentPlace.of(jar, List.of("-Xmx2g"), env).socket()).isNotEqualTo(place.socket());
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(ResidentPlace.of(jar, List.of("-Xmx1g"), env).socket()).isNotEqualTo(place.socket());

        Files.setPosixFilePermissions(tmp.resolve("r"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(ResidentPlace.of(jar, List.of("-Xmx1g"), env)).as("a directory others may enter").isNull();
        Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectory(tmp.resolve("target"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        env.put("TERN_CLI_RESIDENT_DIR", tmp.resolve("link").toString());
        assertThat(ResidentPlace.of(jar, List.of(), env)).as("a link").isNull();
        env.put("TERN_CLI_RESIDENT_DIR", tmp.resolve("d".repeat(100)).toString());
        assertThat(ResidentPlace.of(jar, List.of(), env)).as("a path too long for a socket").isNull();
    }

    @Test
    @DisplayName("a resident lost before it started the command means in-process; lost after, an error, never a rerun")
    void lostResident(@TempDir Path tmp) throws Exception {
        for (boolean started : new boolean[] {false, true}) {
            Path path = tmp.resolve(started + ".sock");
            try (ServerSocketChannel fake = ServerSocketChannel.open(
                    StandardProtocolFamily.UNIX)) {
                fake.bind(UnixDomainSocketAddress.of(path));
                Thread t = Thread.ofPlatform().start(() -> {
                    try (SocketChannel c = fake.accept()) {
                        DataInputStream in = new DataInputStream(
                                Channels.newInputStream(c));
                        Frames.Request.read(in);
                        if (started) {
                            DataOutputStream out = new DataOutputStream(
                                    Channels.newOutputStream(c));
                            Frames.frame(out, Frames.STARTED, new byte[0], 0);
                            out.flush();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int status = ResidentClient.exchange(ResidentClient.connect(path), new Frames.Request(KEY,
                        tmp.toString(), Map.of(), Terminal.NONE, List.of("ec2", "copy-image")),
                        new ByteArrayOutputStream(), err);
                t.join();
                assertThat(status).isEqualTo(started ? 255 : ResidentClient.IN_PROCESS);
                assertThat(err.toString(StandardCharsets.UTF_8))
                        .isEqualTo(started ? "\ntern: the resident process ended before the command did\n" : "");
            }
        }
    }

    /** A resident of a build (a jar in tmp) with its watch running, serving on a thread; the thread is returned. */
    private static Thread watched(Path tmp, ResidentPlace place) throws Exception {
        Resident r = new Resident(place.socket(), place.key());
        r.listen();
        Thread t = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                r.serve();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        r.watchInBackground();
        Thread.sleep(Resident.WATCH_MILLIS + 500);
        assertThat(t.isAlive()).as("serving before anything changed").isTrue();
        return t;
    }

    private static ResidentPlace buildIn(Path tmp) throws IOException {
        Path jar = Files.writeString(tmp.resolve("tern.jar"), "jar");
        return ResidentPlace.of(jar, List.of(), Map.of("TERN_CLI_RESIDENT_DIR", tmp.resolve("r").toString()));
    }

    @Test
    @DisplayName("a resident whose socket is removed ends")
    void endsWhenItsSocketGoes(@TempDir Path tmp) throws Exception {
        ResidentPlace place = buildIn(tmp);
        Thread t = watched(tmp, place);
        Files.delete(place.socket());
        t.join(Duration.ofSeconds(10));
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    @DisplayName("a resident whose jar is rebuilt ends")
    void endsWhenItsJarChanges(@TempDir Path tmp) throws Exception {
        ResidentPlace place = buildIn(tmp);
        Thread t = watched(tmp, place);
        Files.writeString(place.jar(), "another build");
        t.join(Duration.ofSeconds(10));
        assertThat(t.isAlive()).isFalse();
    }
}
