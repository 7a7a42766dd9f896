package io.kboss.server.backup;

import java.util.List;

/** One page of a provider's backups and how many matched before paging. */
public record BackupPage(long total, List<BackupView> backups) {
    public static final BackupPage EMPTY = new BackupPage(0, List.of());

    public BackupPage {
        backups = List.copyOf(backups);
    }
}
