package io.kboss.agent.guestfs;

import io.kboss.agent.contract.BackupFilesResult;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ExternalProgramException;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.process.ProgramRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Reads files out of backup disks with Debian's libguestfs tools (virt-filesystems, virt-ls, guestfish), never
 * with code of our own that parses a filesystem. Every run adds the disks read-only ({@code --ro}: libguestfs
 * puts a throwaway overlay over them, so even a journal replay writes nothing to the backup) with their format
 * named, boots libguestfs's own small appliance (not the VM, whose live disks are never opened), and is bound
 * by a timeout and the caller's cancel token.
 *
 * <p>The disks are a backup's newest chain files, one per disk, qcow2 with their older backups as backing
 * files; libguestfs names them {@code /dev/sda}, {@code /dev/sdb} ... in the order given.
 */
public final class GuestFiles {
    /** A filesystem as libguestfs names one: a device path, never mount options (no ':'). */
    private static final Pattern FILESYSTEM = Pattern.compile("/dev/[A-Za-z0-9_][A-Za-z0-9_./+-]{0,127}");
    private static final long WATCH_MILLIS = 200;

    private final ProcessRunner runner;
    private final String backendSettings;

    /**
     * @param backendSettings libguestfs's LIBGUESTFS_BACKEND_SETTINGS ({@code force_tcg} on hosts whose
     *     /dev/kvm cannot run guests); blank for libguestfs's own choice
     */
    public GuestFiles(ProcessRunner runner, String backendSettings) {
        this.runner = runner;
        this.backendSettings = backendSettings == null ? "" : backendSettings.trim();
    }

    /** What an extraction wrote. */
    public record Extracted(Path file, boolean archive, long bytes) {
    }

    /** The filesystems on the disks. */
    public List<BackupFilesResult.Filesystem> filesystems(List<Path> disks, Duration timeout, CancelToken cancel) {
        List<String> cmd = command("virt-filesystems", disks);
        cmd.addAll(List.of("--long", "--csv"));
        String out = run(cmd, timeout, cancel).stdout();
        List<List<String>> rows = Csv.parse(out);
        List<BackupFilesResult.Filesystem> result = new ArrayList<>();
        if (rows.isEmpty()) {
            return result;
        }
        List<String> header = rows.get(0);
        for (List<String> row : rows.subList(1, rows.size())) {
            if (!"filesystem".equals(field(header, row, "Type"))) {
                continue;
            }
            BackupFilesResult.Filesystem f = new BackupFilesResult.Filesystem();
            f.name = field(header, row, "Name");
            f.type = field(header, row, "VFS");
            f.label = field(header, row, "Label");
            f.sizeBytes = number(field(header, row, "Size"));
            result.add(f);
        }
        result.sort(Comparator.comparing(f -> f.name));
        return result;
    }

    /** The entries of one directory, by name; at most {@code maxEntries}, the result says when there were more. */
    public BackupFilesResult list(List<Path> disks, String filesystem, String directory, int maxEntries,
            Duration timeout, CancelToken cancel) {
        String fs = requireFilesystem(filesystem);
        String dir = GuestPaths.normalize(directory == null ? "/" : directory);
        List<String> cmd = command("virt-ls", disks);
        // -lR --csv is virt-ls's one machine-readable form; it walks below the directory, of which only the
        // directory's own entries are kept.
        cmd.addAll(List.of("-m", fs, "-lR", "--csv", "--time-t", dir));
        String out = run(cmd, timeout, cancel).stdout();
        BackupFilesResult result = new BackupFilesResult();
        String selfType = null;
        for (List<String> row : Csv.parse(out)) {
            if (row.size() < 7) {
                continue;
            }
            String path = row.get(row.size() - 1);
            if (path.equals(dir)) {
                selfType = row.get(0);
                continue;
            }
            String parent = GuestPaths.parent(path);
            if (parent == null || !parent.equals(dir)) {
                continue;
            }
            if (result.entries.size() >= maxEntries) {
                result.truncated = true;
                continue;
            }
            BackupFilesResult.Entry e = new BackupFilesResult.Entry();
            e.name = path.substring(path.lastIndexOf('/') + 1);
            e.type = switch (row.get(0)) {
                case "d" -> "directory";
                case "-" -> "file";
                case "l" -> "symlink";
                default -> "other";
            };
            e.sizeBytes = number(row.get(2));
            e.modifiedAtMillis = number(row.get(4)) * 1000;
            result.entries.add(e);
        }
        if (selfType != null && !"d".equals(selfType)) {
            throw new IllegalArgumentException(dir + " in filesystem " + fs + " is not a directory; list its folder");
        }
        result.entries.sort(Comparator.comparing(e -> e.name));
        return result;
    }

    /**
     * Copies a file (its bytes, to {@code outputBase}) or a directory (a tar archive, to {@code outputBase.tar}).
     * The copy is watched while it is written: beyond {@code maxBytes} the tool is killed and the copy deleted.
     * Whatever fails, no partial copy is left.
     */
    public Extracted extract(List<Path> disks, String filesystem, String path, Path outputBase, long maxBytes,
            Duration timeout, CancelToken cancel) {
        String fs = requireFilesystem(filesystem);
        String p = GuestPaths.normalize(path);
        if (maxBytes < 1) {
            throw new IllegalArgumentException("The largest copy allowed must be 1 byte or more, not " + maxBytes);
        }
        Path file = outputBase;
        Path tar = outputBase.resolveSibling(outputBase.getFileName() + ".tar");
        List<String> cmd = command("guestfish", disks);
        // One boot: the tests print what the path is, then both copies are tried ('-': an error does not stop
        // guestfish); exactly one of them works, and which one the two answers say.
        cmd.addAll(List.of("-m", fs, "--", "is-file", p, ":", "is-dir", p, ":", "-tar-out", p, tar.toString(), ":",
                "-download", p, file.toString()));
        CancelToken run = new CancelToken();
        AtomicBoolean tooLarge = new AtomicBoolean();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kboss-extract-size");
            t.setDaemon(true);
            return t;
        });
        try (CancelToken.Registration forward = cancel.onCancel(() -> run.cancel(cancel.reason()))) {
            watcher.scheduleWithFixedDelay(() -> {
                if (size(file) + size(tar) > maxBytes && tooLarge.compareAndSet(false, true)) {
                    run.cancel("the copy grew beyond " + maxBytes + " bytes");
                }
            }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
            String[] answers;
            try {
                answers = run(cmd, timeout, run).stdout().trim().split("\\s+");
            } catch (ExternalProgramException e) {
                if (tooLarge.get()) {
                    throw new TooLargeException(p + " in " + fs + " is larger than the " + maxBytes + " bytes allowed;"
                            + " copy a smaller file or folder, or raise the limit", e);
                }
                throw e;
            }
            boolean isFile = answers.length >= 1 && "true".equals(answers[0]);
            boolean isDir = answers.length >= 2 && "true".equals(answers[1]);
            if (!isFile && !isDir) {
                throw new IllegalArgumentException("There is no file or directory " + p + " in filesystem " + fs
                        + " (symbolic links and special files are not copied)");
            }
            Path kept = isDir ? tar : file;
            delete(isDir ? file : tar);
            long bytes = size(kept);
            if (bytes > maxBytes) {
                throw new TooLargeException(p + " in " + fs + " is larger than the " + maxBytes + " bytes allowed;"
                        + " copy a smaller file or folder, or raise the limit", null);
            }
            if (!Files.isRegularFile(kept)) {
                throw new IllegalStateException("guestfish reported " + p + " as a " + (isDir ? "directory" : "file")
                        + " but wrote no copy of it");
            }
            return new Extracted(kept, isDir, bytes);
        } catch (RuntimeException e) {
            delete(file);
            delete(tar);
            throw e;
        } finally {
            watcher.shutdownNow();
        }
    }

    /** The copy would exceed the size allowed. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private List<String> command(String program, List<Path> disks) {
        if (disks == null || disks.isEmpty()) {
            throw new IllegalArgumentException("At least one backup disk is needed");
        }
        List<String> cmd = new ArrayList<>(List.of("env", "LIBGUESTFS_BACKEND=direct"));
        if (!backendSettings.isEmpty()) {
            cmd.add("LIBGUESTFS_BACKEND_SETTINGS=" + backendSettings);
        }
        cmd.add(program);
        if (!"virt-filesystems".equals(program) && !"virt-ls".equals(program)) {
            cmd.add("--ro");
        }
        // virt-filesystems and virt-ls are read-only tools: they add every disk read-only by themselves.
        for (Path d : disks) {
            cmd.add("--format=qcow2");
            cmd.add("-a");
            cmd.add(d.toString());
        }
        return cmd;
    }

    private ProcessRunner.Output run(List<String> cmd, Duration timeout, CancelToken cancel) {
        return runner.run(ProgramRun.of(cmd, timeout).cancelledBy(cancel));
    }

    static String requireFilesystem(String filesystem) {
        if (filesystem == null || !FILESYSTEM.matcher(filesystem).matches() || filesystem.contains("..")) {
            throw new IllegalArgumentException("The filesystem must be one the listing of filesystems names, such as"
                    + " /dev/sda1, not '" + filesystem + "'");
        }
        return filesystem;
    }

    private static String field(List<String> header, List<String> row, String name) {
        int i = header.indexOf(name);
        return i < 0 || i >= row.size() ? "" : row.get(i);
    }

    private static long number(String s) {
        try {
            return s == null || s.isBlank() ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the job's journal names it: the leftover cleaner deletes it
        }
    }
}
