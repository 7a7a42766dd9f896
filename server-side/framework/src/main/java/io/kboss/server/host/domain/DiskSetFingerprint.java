package io.kboss.server.host.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a VM's set of disks: SHA-256 over the sorted (volume uuid, virtual size) pairs.
 * A disk added, removed or resized changes it, and the chain policy then makes the next backup full
 * (an increment cannot describe a disk its parent never had). Order and paths do not matter: a disk
 * moved to another path is the same disk.
 */
public final class DiskSetFingerprint {

    /** One disk as the fingerprint sees it. */
    public record Disk(String volumeUuid, long virtualSizeBytes) {
    }

    private DiskSetFingerprint() {
    }

    public static String of(Collection<Disk> disks) {
        List<String> lines = disks.stream().map(d -> d.volumeUuid() + ":" + d.virtualSizeBytes()).sorted().toList();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
