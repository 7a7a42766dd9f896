package io.kboss.agent.process;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a failed program is put in an answer. Answers reach the people who asked for the work (a
 * NotValid reason, a failed backup's error), so they name the program in their terms and say what
 * it reported, but never show the argument list or a host path: the store's mount point, the
 * scratch folders and the agent's state folder are the operator's business, and the agent's log
 * has them (see {@link ProcessRunner}). Paths inside a backup (libguestfs's) stay whole.
 */
final class ProgramText {
    /** Longest report kept in an answer; programs conclude at the end, so the end is kept. */
    static final int MAX_REPORT = 600;

    /**
     * An absolute path: a '/' that does not follow a letter, digit or dot (so "I/O", "1/100" and
     * "and/or" are not paths), then segments up to a quote, space or separator.
     */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.~-])(?:/[^\\s'\"`/:,;=()\\[\\]{}<>]+)+/?");
    private static final Pattern SUB_COMMAND = Pattern.compile("[a-z][a-z0-9-]*");

    private ProgramText() {
    }

    /**
     * The program's file name and, when its first argument is a plain word, that sub-command:
     * "qemu-img info", "qemu-nbd", "mount".
     */
    static String label(List<String> command) {
        String program = fileName(command.get(0));
        if (command.size() > 1 && SUB_COMMAND.matcher(command.get(1)).matches()) {
            return program + " " + command.get(1);
        }
        return program;
    }

    /**
     * What the program wrote to stderr, fit for an answer: every host path cut to its file name (a
     * backup's file is named by the backup's uuid, which the user knows), the program's own "name: "
     * prefix dropped from each line, the lines joined, at most {@link #MAX_REPORT} characters from
     * the end. Empty when it wrote nothing.
     */
    static String report(String stderr, List<String> command) {
        if (stderr == null || stderr.isBlank()) {
            return "";
        }
        String prefix = fileName(command.get(0)) + ": ";
        List<String> lines = new ArrayList<>();
        for (String line : withoutHostPaths(stderr, command).split("\\R")) {
            String l = line.strip();
            while (l.startsWith(prefix)) {
                l = l.substring(prefix.length()).strip();
            }
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        String joined = String.join("; ", lines);
        return joined.length() > MAX_REPORT ? "..." + joined.substring(joined.length() - MAX_REPORT) : joined;
    }

    /**
     * {@code text} with every host path replaced by its last segment. A path in a program's output
     * is not always the host's: libguestfs names the paths inside the backup that the user asked
     * for, and those must stay whole. A host path is one under the top folders of the command's own
     * host paths (the program, and every argument that exists here or whose folder does: the store,
     * the scratch folder), which also catches the files the program found there by itself (a
     * backing file beside its child); or one whose folder exists on this host.
     */
    static String withoutHostPaths(String text, List<String> command) {
        List<String> hostTops = hostTops(command);
        Matcher m = ABSOLUTE_PATH.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(isHostPath(path, hostTops) ? fileName(path) : path));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The top folders (two levels at most, never the root) of the command's arguments that are host paths. */
    private static List<String> hostTops(List<String> command) {
        List<String> tops = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            Matcher m = ABSOLUTE_PATH.matcher(command.get(i));
            while (m.find()) {
                Path p = pathOf(m.group());
                if (p == null) {
                    continue;
                }
                boolean onHost = i == 0 || Files.exists(p) || p.getParent() != null && Files.isDirectory(p.getParent());
                int depth = Math.min(2, p.getNameCount() - 1);
                if (onHost && depth >= 1) {
                    tops.add("/" + p.subpath(0, depth));
                }
            }
        }
        return tops;
    }

    private static boolean isHostPath(String path, List<String> hostTops) {
        for (String top : hostTops) {
            if (path.equals(top) || path.startsWith(top + "/")) {
                return true;
            }
        }
        Path p = pathOf(path);
        return p != null && p.getNameCount() >= 2 && Files.isDirectory(p.getParent());
    }

    private static Path pathOf(String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            return null; // not a path this host could have
        }
    }

    private static String fileName(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
