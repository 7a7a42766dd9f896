/**
 * File-level restore: a backup's filesystems, directories and files read with libguestfs's tools, read-only,
 * without restoring the disk and without touching the VM.
 */
package io.kboss.agent.guestfs;
