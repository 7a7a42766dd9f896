package io.kboss.agent.job;

import com.google.gson.Gson;
import io.kboss.agent.contract.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Jobs on disk, one JSON file per job under {@code <state>/jobs}, each replaced atomically
 * (write a temporary file, fsync, rename) so a crash leaves the old or the new entry, never half
 * of one. Small and boring on purpose: it is read once at start and written on every change.
 */
public final class JobJournal {
    static final Gson GSON = WireJson.gson();
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private final Path dir;

    public JobJournal(Path stateDir) {
        this.dir = stateDir.resolve("jobs");
        try {
            // The state folder lets QEMU through (Pairing); the journal, which names VMs and stores, stays the agent's own.
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the job journal folder " + dir
                    + ": check that the agent's state folder is writable", e);
        }
    }

    public synchronized void write(JournalEntry entry) {
        Path file = dir.resolve(entry.job.jobId + ".json");
        Path tmp = dir.resolve(entry.job.jobId + ".json.tmp");
        try {
            byte[] bytes = GSON.toJson(entry).getBytes(StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write job " + entry.job.jobId + " to the journal in " + dir, e);
        }
    }

    public Optional<JournalEntry> read(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(jobId + ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GSON.fromJson(Files.readString(file), JournalEntry.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read job " + jobId + " from " + file, e);
        }
    }

    /** Every entry, newest first. An unreadable file is skipped and logged by the caller's check. */
    public List<JournalEntry> readAll() {
        List<JournalEntry> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                JournalEntry e = GSON.fromJson(Files.readString(f), JournalEntry.class);
                if (e != null && e.job != null) {
                    all.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the job journal in " + dir, e);
        }
        all.sort(Comparator.comparingLong((JournalEntry e) -> e.job.createdAtMillis).reversed());
        return all;
    }

    public void delete(String jobId) {
        try {
            Files.deleteIfExists(dir.resolve(jobId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete job " + jobId + " from the journal in " + dir, e);
        }
    }
}
