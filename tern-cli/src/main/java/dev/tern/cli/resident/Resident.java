package dev.tern.cli.resident;

import dev.tern.cli.aws.AwsCli;
import dev.tern.cli.host.Host;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resident process of tern's AWS commands (docs/cli.md, "Start-up"): one JVM, started by the first command,
 * that keeps the SDK's classes loaded and compiled and runs each later command for the client that sent it, with
 * that client's directory, environment and terminal. It serves its own user only, one command per connection, many
 * at once, and ends when idle for {@link #IDLE}, when its socket is removed or taken over, or when its jar is
 * rebuilt (the next command starts a resident of the new build).
 */
public final class Resident {
    static final Duration IDLE = Duration.ofMinutes(15);
    static final long WATCH_MILLIS = 2_000;

    private final Path socket;
    private final String key;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lastUse = new AtomicLong(System.nanoTime());
    private volatile boolean stopped;
    private ServerSocketChannel server;
    private Object socketFile;

    Resident(Path socket, String key) {
        this.socket = socket;
        this.key = key;
    }

    /** {@code tern resident SOCKET KEY}, started by {@link ResidentClient}; not a command for people. */
    public static void main(String[] args) throws IOException {
        ignore("INT");   // Ctrl-C in the shell that started it is meant for the command, not for the resident
        ignore("HUP");
        Resident resident = new Resident(Path.of(args[1]), args[2]);
        try (FileChannel lock = FileChannel.open(Path.of(args[1] + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.tryLock()) {
            if (held == null) {
                return;   // another resident of this build has just started; the clients use that one
            }
            resident.listen();
            resident.watchInBackground();
            resident.serve();
            resident.awaitCommands();
        }
        System.exit(0);
    }

    void listen() throws IOException {
        Files.deleteIfExists(socket);   // left by a resident that was killed; we hold the lock
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        socketFile = fileKey();
    }

    /** Accepts until stopped, each connection on a thread of its own. */
    void serve() throws IOException {
        UserPrincipal self = Files.getOwner(socket);
        while (!stopped) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (stopped) {
                    return;
                }
                throw e;
            }
            running.incrementAndGet();
            Thread.ofPlatform().name("tern-resident-command").daemon(true).start(() -> {
                try (channel) {
                    if (channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().equals(self)) {
                        handle(channel);
                    }
                } catch (IOException | RuntimeException e) {
                    // the client went away; its command has been stopped
                } finally {
                    lastUse.set(System.nanoTime());
                    running.decrementAndGet();
                }
            });
        }
    }

    /** Lets the commands taken on before the end finish: a command cut off half-way may have acted already. */
    private void awaitCommands() {
        while (running.get() > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** How many commands are being run. */
    int running() {
        return running.get();
    }

    void stop() throws IOException {
        stopped = true;
        server.close();
        if (ownsSocket()) {
            Files.deleteIfExists(socket);
        }
    }

    void watchInBackground() {
        Thread.ofPlatform().name("tern-resident-watch").daemon(true).start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                    boolean idle = running.get() == 0
                            && System.nanoTime() - lastUse.get() > IDLE.toNanos();
                    if (idle || !ownsSocket() || !ResidentPlace.current(key)) {
                        stop();
                    }
                } catch (InterruptedException | IOException e) {
                    return;
                }
            }
        });
    }

    /** Whether the socket file is still the one this resident made (removed or replaced: end). */
    private boolean ownsSocket() {
        return socketFile != null && socketFile.equals(fileKey());
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Runs one command: its output is sent as it is written, its status last. When the client goes away first
     * (Ctrl-C), the command's thread is interrupted, which ends an SDK call or a waiter.
     */
    private void handle(SocketChannel channel) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        Frames.Request request = Frames.Request.read(in);
        boolean sameSdk = AwsCli.sdkEnvironment(request.env()).equals(AwsCli.sdkEnvironment(System.getenv()));
        if (!request.key().equals(key) || !sameSdk) {
            synchronized (out) {
                Frames.exit(out, ResidentClient.IN_PROCESS);
            }
            return;
        }
        synchronized (out) {
            Frames.frame(out, Frames.STARTED, new byte[0], 0);
            out.flush();
        }
        Host host = new Host(request.env(), Path.of(request.cwd()), request.terminal(), true);
        PrintStream stdout = new PrintStream(new FrameStream(out, Frames.OUT), false, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FrameStream(out, Frames.ERR), false, StandardCharsets.UTF_8);
        Thread command = Thread.ofPlatform().name("tern-resident-run").start(() -> {
            int status;
            try {
                status = new AwsCli(stdout, stderr, host).run(request.args().toArray(String[]::new));
            } catch (RuntimeException | Error e) {
                stderr.println();
                stderr.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                status = 255;
            }
            stdout.flush();
            stderr.flush();
            try {
                synchronized (out) {
                    Frames.exit(out, status);
                }
            } catch (IOException e) {
                // the client is gone
            }
        });
        // Nothing more comes from the client: end of stream means it has gone away.
        if (in.read() < 0 && command.isAlive()) {
            command.interrupt();
        }
        try {
            command.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ignore(String signal) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // not on this system
        }
    }

    /** A stream of one kind of frame; bytes are held until flushed (or 64 KiB), then sent as one frame. */
    private static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte kind;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        FrameStream(DataOutputStream out, byte kind) {
            this.out = out;
            this.kind = kind;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            pending.write(b, off, len);
            if (pending.size() >= 64 << 10) {
                flush();
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (pending.size() == 0) {
                return;
            }
            synchronized (out) {   // stdout and stderr frames share the socket
                Frames.frame(out, kind, pending.toByteArray(), pending.size());
                out.flush();
            }
            pending.reset();
        }
    }
}
