package io.kboss.agent.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a failed program is put in an answer. Answers reach the people who asked for the work (a
 * NotValid reason, a failed backup's error), so they name the program in their terms and say what
 * it reported, but never show the argument list or a host path: the store's mount point, the
 * scratch folders and the agent's state folder are the operator's business, and the agent's log
 * has them (see {@link ProcessRunner}).
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
     * What the program wrote to stderr, fit for an answer: every absolute path cut to its file
     * name (a backup's file is named by the backup's uuid, which the user knows), the program's
     * own "name: " prefix dropped from each line, the lines joined, at most {@link #MAX_REPORT}
     * characters from the end. Empty when it wrote nothing.
     */
    static String report(String stderr, List<String> command) {
        if (stderr == null || stderr.isBlank()) {
            return "";
        }
        String prefix = fileName(command.get(0)) + ": ";
        List<String> lines = new ArrayList<>();
        for (String line : withoutPaths(stderr).split("\\R")) {
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

    /** {@code text} with every absolute path replaced by its last segment. */
    static String withoutPaths(String text) {
        Matcher m = ABSOLUTE_PATH.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(fileName(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String fileName(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
