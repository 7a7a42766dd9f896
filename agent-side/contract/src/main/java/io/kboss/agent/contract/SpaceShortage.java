package io.kboss.agent.contract;

/**
 * Why a job was refused with {@code NOT_ENOUGH_SPACE}: the store's free space when the job asked,
 * and what the job needed (a backup: its estimated size; a compression: minimumFreeStorage × the
 * files' size). Nothing was written. Sent by agents since the backup space check.
 */
public class SpaceShortage {
    public long requiredBytes;
    public long freeBytes;
}
