package io.kboss.agent.disk.domain;

import java.nio.file.Path;

/**
 * One backup file as written. {@code backingFile} is the relative backing path stored in the
 * file's header (null for a full); {@code fileSize} its bytes on storage.
 */
public record DiskBackupOutcome(String disk, Path file, long virtualSize, long fileSize, String backingFile) {
}
