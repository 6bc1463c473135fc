package dev.tern.cli.resident;

import dev.tern.cli.host.Terminal;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The short-lived half of {@code tern}'s AWS commands (docs/cli.md, "Start-up"): a JVM that loads a handful of JDK
 * classes, hands its command, directory, environment and terminal to the resident process over a Unix socket, and
 * copies the answer to its stdout and stderr. It starts the resident when none is running.
 *
 * <p>Exits with the command's status, or {@link #IN_PROCESS} when the command must run in the calling process
 * instead (nothing has been printed then): no resident could be reached or started, or the command reads the
 * caller's own stdin or descriptors, prompts, or logs (--debug).
 */
public final class ResidentClient {
    /** Not an AWS CLI status; the launcher runs the command in-process on it. Same value as AwsCli's. */
    public static final int IN_PROCESS = 199;
    private static final int INTERRUPTED = 130;

    private ResidentClient() {}

    /** {@code ResidentClient JAR JVM_OPTION... -- TERN_ARGUMENT...}. */
    public static void main(String[] argv) {
        int sep = Arrays.asList(argv).indexOf("--");
        if (argv.length < 2 || sep < 1) {
            System.err.println("usage: ResidentClient JAR [JVM_OPTION...] -- [TERN_ARGUMENT...]");
            Runtime.getRuntime().halt(IN_PROCESS);
        }
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        onInterrupt(err);
        Map<String, String> env = System.getenv();
        int status = IN_PROCESS;
        try {
            ResidentPlace place = ResidentPlace.of(Path.of(argv[0]), List.of(argv).subList(1, sep), env);
            SocketChannel channel = place == null ? null : place.connectOrStart();
            if (channel != null) {
                Frames.Request request = new Frames.Request(place.key(), Path.of("").toAbsolutePath().toString(),
                        env, Terminal.ofThisProcess(env), List.of(argv).subList(sep + 1, argv.length));
                status = exchange(channel, request, new FileOutputStream(FileDescriptor.out), err);
            }
        } catch (IOException | RuntimeException e) {
            // the resident is unreachable or went away before answering: run in-process
        }
        Runtime.getRuntime().halt(status);
    }

    /**
     * Sends the request and copies the frames back until the exit status. A resident that goes away before it
     * started the command means "run in-process"; one that goes away after is an error (status 255), since the
     * command may have acted already and must not run twice.
     */
    static int exchange(SocketChannel channel, Frames.Request request, OutputStream out, OutputStream err)
            throws IOException {
        try (channel) {
            request.write(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel))));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            boolean answered = false;
            while (true) {
                int kind;
                try {
                    kind = in.readByte();
                } catch (EOFException e) {
                    if (!answered) {
                        return IN_PROCESS;
                    }
                    err.write("\ntern: the resident process ended before the command did\n".getBytes());
                    return 255;
                }
                byte[] bytes = in.readNBytes(in.readInt());
                answered = true;
                switch (kind) {
                    case Frames.STARTED -> { }
                    case Frames.OUT -> out.write(bytes);
                    case Frames.ERR -> err.write(bytes);
                    case Frames.EXIT -> {
                        out.flush();
                        err.flush();
                        return java.nio.ByteBuffer.wrap(bytes).getInt();
                    }
                    default -> throw new IOException("unknown frame " + kind);
                }
            }
        }
    }

    /**
     * Ctrl-C, for the client and for an AWS command in-process alike: a new line and the AWS CLI's status 130.
     * (The client's socket closes with it, which stops the command in the resident.)
     */
    public static void onInterrupt(OutputStream err) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                try {
                    err.write('\n');
                } catch (IOException e) {
                    // stderr is gone; the status still says it
                }
                Runtime.getRuntime().halt(INTERRUPTED);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT here: the JVM's default applies
        }
    }

    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
