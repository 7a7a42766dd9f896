package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts on disk what a finished block pull left in a running QEMU's memory.
 *
 * <p>Why: QEMU's block pull (block-stream) writes the copied clusters through the page cache and
 * keeps the qcow2 tables that map them (L2 and refcount tables) in its own cache; at its end it
 * rewrites the image header without a backing file, and flushes nothing. Until the guest flushes
 * that disk (a guest that has not mounted a freshly attached volume never does) or QEMU stops, the
 * file on disk is a header with no backing file and no mapped data: a host crash or a killed QEMU
 * would leave the restored volume empty although the restore had ended. Seen on Debian 12's QEMU
 * 7.2 with {@code qemu-img map -U} of a quick-restored volume: all of it unallocated while the guest
 * read the right data.
 *
 * <p>How: libvirt has no call that flushes one disk, and QEMU flushes every image when a VM pauses.
 * So the files' dirty pages are first written by this process ({@code fdatasync} of the same inode,
 * while the VM runs), which leaves QEMU only its cached tables to write; then the VM is paused and
 * resumed at once. The pause lasts as long as writing those tables takes (milliseconds for the
 * tables of a few GiB). A VM paused by someone else is left paused: QEMU writes the tables when it
 * resumes and later flushes, or stops; the log says so.
 */
final class PulledImages {
    private static final Logger log = LoggerFactory.getLogger(PulledImages.class);

    private PulledImages() {
    }

    static void persist(Domain d, String vmName, List<Path> files) throws LibvirtException {
        for (Path file : files) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(false);
            } catch (IOException e) {
                throw new DiskOperationException("the pulled image " + file + " of VM " + vmName + " cannot be written"
                        + " to disk: " + e, e, true);
            }
        }
        DomainInfo.DomainState state = d.getInfo().state;
        if (state != DomainInfo.DomainState.VIR_DOMAIN_RUNNING) {
            if (state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
                log.warn("VM {} is paused: QEMU keeps the tables of the pulled images {} in memory until it next"
                        + " flushes them or stops", vmName, files);
            }
            return; // a stopped VM's QEMU wrote everything when it stopped
        }
        long start = System.nanoTime();
        d.suspend();
        try {
            // QEMU drains and flushes every image of the VM as it pauses; nothing else to do here.
        } finally {
            d.resume();
        }
        log.info("VM {} paused for {} ms so that QEMU wrote the tables of its pulled images {}", vmName,
                (System.nanoTime() - start) / 1_000_000, files);
    }
}
