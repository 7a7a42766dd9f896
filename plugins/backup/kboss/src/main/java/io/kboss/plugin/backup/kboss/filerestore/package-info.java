/**
 * File-level restore (issue 13 item 4) for backups whose offering allows it ({@code allowextractfile}):
 * listBackupFiles and extractBackupFile queue a FILE_RESTORE operation whose agent job reads the backup's
 * newest chain files with libguestfs, read-only, never the VM's disks. A copy goes to the backup's local-folder
 * image store and is handed out at {@code /client/download/TOKEN} until the link expires; then
 * housekeeping deletes it. See docs/file-restore.md.
 */
package io.kboss.plugin.backup.kboss.filerestore;
