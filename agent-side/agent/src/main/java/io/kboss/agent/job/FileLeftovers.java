package io.kboss.agent.job;

import io.kboss.agent.disk.ReplacedVolumes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Partial files are deleted; a file that is already gone is fine. A program still writing one is
 * killed first: when the agent is killed, the qemu-img it started keeps running (nothing kills a
 * dead JVM's children) and would go on filling the store with a file nobody can see any more.
 */
final class FileLeftovers {
    private static final Path PROC = Path.of("/proc");

    private FileLeftovers() {
    }

    static String delete(Leftover leftover) throws IOException {
        Path p = Path.of(leftover.value()).toAbsolutePath().normalize();
        List<String> killed = killWriters(p);
        String writers = killed.isEmpty() ? "" : " (killed " + String.join(", ", killed) + ", still writing it)";
        return Files.deleteIfExists(p) ? "deleted " + p + writers : p + " was already gone" + writers;
    }

    /** A scratch folder goes with everything in it; one that is already gone is fine. */
    static String deleteFolder(Leftover leftover) throws IOException {
        Path folder = Path.of(leftover.value()).toAbsolutePath().normalize();
        if (!Files.exists(folder)) {
            return folder + " was already gone";
        }
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        return "deleted " + folder + " and its content";
    }

    /**
     * Puts a volume a quick restore set aside back under its name, deleting the overlay that took
     * its place. Refused (the leftover stays for the next start, and the job says so) when a
     * process holds the overlay, which then is a VM running on its restore, or when what is there
     * is not an overlay, which nothing of the agent's would have made.
     */
    static String putBack(Leftover leftover) throws IOException {
        Path volume = Path.of(leftover.value()).toAbsolutePath().normalize();
        Path aside = ReplacedVolumes.setAsideName(volume);
        if (!Files.exists(aside)) {
            return "nothing of " + volume + " was set aside";
        }
        if (Files.exists(volume)) {
            if (!holders(volume).isEmpty()) {
                throw new IOException(volume + " is in use (" + String.join(", ", holders(volume)) + "): the VM runs"
                        + " on its restore; " + aside + " stays for an operator");
            }
            if (!ReplacedVolumes.isOverlay(volume)) {
                throw new IOException(volume + " is not the restore's overlay (no qcow2 backing file); " + aside
                        + " stays for an operator");
            }
            Files.delete(volume);
        }
        Files.move(aside, volume, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return "put " + volume + " back in place of the restore's overlay";
    }

    /** "name (pid N)" of every other process that holds {@code file} open. */
    private static List<String> holders(Path file) {
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && holds(process, file)) {
                    found.add(ProcessHandle.of(pid).flatMap(h -> h.info().command())
                            .map(c -> Path.of(c).getFileName().toString()).orElse("?") + " (pid " + pid + ")");
                }
            }
        } catch (IOException e) {
            found.add("/proc could not be read (" + e.getMessage() + ")");
        }
        return found;
    }

    /** Kills every other process that holds {@code file} open; returns "name (pid N)" of each. */
    private static List<String> killWriters(Path file) {
        List<String> killed = new ArrayList<>();
        if (!Files.exists(file) || !Files.isDirectory(PROC)) {
            return killed;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && holds(process, file)) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        String name = h.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
                        h.destroyForcibly();
                        h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> h).join();
                        killed.add(name + " (pid " + pid + ")");
                    });
                }
            }
        } catch (IOException e) {
            // /proc could not be listed: deleting the file is still right, and the writer (if any)
            // ends when it notices, or fills only space that is freed when it exits.
        }
        return killed;
    }

    private static boolean holds(Path process, Path file) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                Optional<Path> target = readLink(fd);
                if (target.isPresent() && target.get().equals(file)) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false; // the process ended meanwhile
        }
        return false;
    }

    private static Optional<Path> readLink(Path fd) {
        try {
            return Optional.of(Files.readSymbolicLink(fd));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
