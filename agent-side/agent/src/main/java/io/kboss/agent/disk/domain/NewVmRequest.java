package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A new VM on this host from a backup's files: a new libvirt domain with its own name and uuid,
 * built from the original's definition, its disks the backup's chains flattened into new volumes
 * (or, for a quick restore, qcow2 overlays on them).
 *
 * @param definitionXml the definition to build from (the original VM's, as a backup recorded it)
 * @param name the new domain's name
 * @param uuid the new domain's uuid
 * @param disks the disks to restore; every other disk of the definition is left out
 * @param nics what the new VM keeps of the original's network interfaces
 * @param start start the VM once it is defined (a quick restore always does)
 * @param description what the new domain's description says it is
 */
public record NewVmRequest(String definitionXml, String name, String uuid, List<Disk> disks, NicPolicy nics,
        boolean start, String description) {

    /** Names libvirt and every tool around it (virsh, shells, file names) take without quoting. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:-]{0,99}");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{12}");

    /** @throws IllegalArgumentException unless {@code name} can be a new VM's name */
    public static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the new VM's name must be 1 to 100 letters, digits, '.', '_', '+',"
                    + " ':' or '-', starting with a letter or digit, not '" + name + "'");
        }
    }

    /** @throws IllegalArgumentException unless {@code uuid} is a uuid */
    public static void requireValidUuid(String uuid) {
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("the new VM's uuid must be a uuid (8-4-4-4-12 hex digits), not '"
                    + uuid + "'");
        }
    }

    /**
     * One disk of the new VM.
     *
     * @param target the device name in the definition ({@code vda})
     * @param newestBackup the newest file of the backup's chain for it
     * @param volume the new volume, absolute; it must not exist
     * @param format qcow2 or raw (a quick restore: qcow2)
     */
    public record Disk(String target, Path newestBackup, Path volume, String format) {
        public Disk {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(newestBackup, "newestBackup");
            if (volume == null || !volume.isAbsolute()) {
                throw new IllegalArgumentException("disk " + target + " needs an absolute volume path, not " + volume);
            }
            if (!"qcow2".equals(format) && !"raw".equals(format)) {
                throw new IllegalArgumentException("disk " + target + " is written as qcow2 or raw, not " + format);
            }
        }
    }

    public NewVmRequest {
        Objects.requireNonNull(definitionXml, "definitionXml");
        Objects.requireNonNull(nics, "nics");
        requireValidName(name);
        requireValidUuid(uuid);
        disks = List.copyOf(disks);
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("a VM from a backup needs at least one disk");
        }
        if (disks.stream().map(d -> d.volume().normalize()).distinct().count() != disks.size()
                || disks.stream().map(Disk::target).distinct().count() != disks.size()) {
            throw new IllegalArgumentException("each disk of the new VM needs its own device and its own volume");
        }
    }
}
