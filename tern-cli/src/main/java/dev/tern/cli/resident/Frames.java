package dev.tern.cli.resident;

import dev.tern.cli.host.Terminal;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client and the resident say over the socket: one request (who the resident must be, the caller's
 * directory, environment, terminal and arguments), then frames back: that it started the command, bytes for
 * stdout, bytes for stderr, and last the exit status. JDK classes only: the client loads nothing else.
 */
final class Frames {
    static final int MAGIC = 0x5445524E;   // "TERN"
    static final int VERSION = 1;
    static final byte OUT = 1;
    static final byte ERR = 2;
    static final byte EXIT = 3;
    /** The resident has taken the command on: from here a lost connection is an error, never a reason to rerun. */
    static final byte STARTED = 4;

    private Frames() {}

    /** {@code key} names the build and JVM options the resident runs with; a resident of another one refuses. */
    record Request(String key, String cwd, Map<String, String> env, Terminal terminal, List<String> args) {
        void write(DataOutputStream out) throws IOException {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            string(out, key);
            string(out, cwd);
            out.writeInt(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue());
            }
            out.writeBoolean(terminal.stdin());
            out.writeBoolean(terminal.stdout());
            out.writeInt(terminal.columns());
            out.writeInt(args.size());
            for (String a : args) {
                string(out, a);
            }
            out.flush();
        }

        static Request read(DataInputStream in) throws IOException {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a tern client of this version");
            }
            String key = string(in);
            String cwd = string(in);
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = count(in); i > 0; i--) {
                env.put(string(in), string(in));
            }
            Terminal terminal = new Terminal(in.readBoolean(), in.readBoolean(), in.readInt());
            List<String> args = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                args.add(string(in));
            }
            return new Request(key, cwd, env, terminal, args);
        }
    }

    static void frame(DataOutputStream out, byte kind, byte[] bytes, int length) throws IOException {
        out.writeByte(kind);
        out.writeInt(length);
        out.write(bytes, 0, length);
    }

    static void exit(DataOutputStream out, int status) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(status);
        out.flush();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(in.readNBytes(count(in)), StandardCharsets.UTF_8);
    }

    /** A length or count, bounded so that a stray peer cannot make the resident allocate without limit. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 16 << 20) {
            throw new IOException("bad length " + n);
        }
        return n;
    }
}
