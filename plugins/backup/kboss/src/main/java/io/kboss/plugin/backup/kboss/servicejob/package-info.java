/**
 * listBackupServiceJobs: the work the provider runs on backups after they are taken (compression now,
 * validation next), listed from the operation queue where it lives.
 */
package io.kboss.plugin.backup.kboss.servicejob;
