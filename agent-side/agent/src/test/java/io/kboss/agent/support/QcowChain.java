package io.kboss.agent.support;

import io.kboss.agent.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds small qcow2 backup chains on disk with real data, the way backups look on a store. */
public final class QcowChain {
    private static final ProcessRunner PROGRAMS = new ProcessRunner();
    private static final Duration T = Duration.ofMinutes(5);

    private QcowChain() {
    }

    public static void full(Path file, String size) throws Exception {
        PROGRAMS.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), size), T);
    }

    /** A child backed by {@code parent} through a path relative to the child's folder. */
    public static void child(Path file, Path parent) throws Exception {
        String rel = file.getParent().relativize(parent).toString();
        PROGRAMS.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", rel, file.toString()), T);
    }

    public static void write(Path file, int pattern, String offset, String length) throws Exception {
        PROGRAMS.run(List.of("qemu-io", "-f", "qcow2", "-c",
                "write -P 0x" + Integer.toHexString(pattern) + " " + offset + " " + length, file.toString()), T);
    }

    /** The guest-visible content of the chain ending at {@code top}, flattened. */
    public static void flatten(Path top, Path raw) throws Exception {
        PROGRAMS.run(List.of("qemu-img", "convert", "-f", "qcow2", "-O", "raw", top.toString(), raw.toString()), T);
    }

    public static boolean identical(Path a, Path b) throws Exception {
        try {
            PROGRAMS.run(List.of("qemu-img", "compare", a.toString(), b.toString()), T);
            return true;
        } catch (io.kboss.agent.process.ExternalProgramException e) {
            if (e.getMessage().contains("exit status 1")) {
                return false;
            }
            throw e;
        }
    }

    /** The backing file name written in the header, or null. */
    public static String backing(Path file) throws Exception {
        String json = PROGRAMS.run(List.of("qemu-img", "info", "--output=json", file.toString()), T).stdout();
        var o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        return o.has("backing-filename") ? o.get("backing-filename").getAsString() : null;
    }
}
