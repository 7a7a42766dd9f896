package io.kboss.agent.store;

import io.kboss.agent.contract.StoreKind;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.process.ExternalProgramException;
import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secondary stores as this host sees them: a local folder, or an NFS export the agent mounts under
 * its own mount root ({@code <mountRoot>/<storeId>}) on first use and unmounts on release.
 *
 * <p>Nothing here may hang the agent. NFS is mounted {@code soft} with a short {@code timeo} and
 * few {@code retrans}, so I/O on a dead server fails instead of blocking forever; the mount program
 * itself runs with a process timeout; and every stat/statfs goes through
 * {@link BoundedFileSystemCalls}. Mounting and unmounting are serialized per store, because two
 * mounts on the same folder would stack; a dead store never holds up another store's work.
 */
public final class SecondaryStores {
    private static final Logger LOG = LoggerFactory.getLogger(SecondaryStores.class);
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NFS_SERVER = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");

    private final Path mountRoot;
    private final ProcessRunner runner;
    private final BoundedFileSystemCalls fs;
    private final Duration mountTimeout;
    private final NfsOptions nfsOptions;
    private final java.util.concurrent.ConcurrentMap<String, Object> mountLocks = new java.util.concurrent.ConcurrentHashMap<>();

    /** timeo is in tenths of a second, as mount.nfs wants it. */
    public record NfsOptions(int timeoDeciseconds, int retrans) {
        String asMountOptions() {
            return "soft,timeo=" + timeoDeciseconds + ",retrans=" + retrans + ",nosuid,nodev,noexec";
        }
    }

    public SecondaryStores(Path mountRoot, ProcessRunner runner, BoundedFileSystemCalls fs, Duration mountTimeout,
            NfsOptions nfsOptions) {
        this.mountRoot = mountRoot;
        this.runner = runner;
        this.fs = fs;
        this.mountTimeout = mountTimeout;
        this.nfsOptions = nfsOptions;
    }

    /** The store's root folder on this host, mounting an NFS store first if needed. */
    public Path root(StoreRef store) throws IOException {
        check(store);
        if (store.kind == StoreKind.LOCAL) {
            Path root = Path.of(store.localPath);
            fs.call(store.storeId, "checking folder " + root, () -> {
                if (!Files.isDirectory(root)) {
                    throw new IOException("Local store folder " + root + " does not exist: create it, or fix the "
                            + "store's path");
                }
                return null;
            });
            return root;
        }
        return mountNfs(store);
    }

    /**
     * A small file of the store, read within the store call timeout (a hung NFS server fails the read
     * instead of holding the caller).
     *
     * @throws IllegalArgumentException when the path leaves the store
     * @throws NoSuchFileException when there is no such file
     * @throws IOException when the file is larger than {@code maxBytes} or cannot be read in time
     */
    public byte[] readSmallFile(StoreRef store, String relativePath, long maxBytes) throws IOException {
        Path file = BackupLayout.resolve(root(store), relativePath);
        return fs.call(store.storeId, "reading " + file, () -> {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new IOException(relativePath + " on store " + store.storeId + " holds " + size
                        + " bytes, more than the " + maxBytes + " allowed");
            }
            return Files.readAllBytes(file);
        });
    }

    /** A piece of a store's file and the file's size, read within the store call timeout. */
    public record Piece(byte[] bytes, long fileBytes) {
    }

    /**
     * Up to {@code length} bytes of a store's file from {@code offset} (fewer at its end, none beyond it), read
     * within the store call timeout.
     *
     * @throws IllegalArgumentException when the path leaves the store
     * @throws NoSuchFileException when there is no such file
     */
    public Piece readPiece(StoreRef store, String relativePath, long offset, int length) throws IOException {
        Path file = BackupLayout.resolve(root(store), relativePath);
        return fs.call(store.storeId, "reading " + file, () -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                int n = (int) Math.max(0, Math.min(length, size - offset));
                ByteBuffer buf = ByteBuffer.allocate(n);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, offset + buf.position()) < 0) {
                        break;
                    }
                }
                return new Piece(Arrays.copyOf(buf.array(), buf.position()), size);
            }
        });
    }

    /** Deletes a store's file within the store call timeout; false when it was not there. */
    public boolean deleteFile(StoreRef store, String relativePath) throws IOException {
        Path file = BackupLayout.resolve(root(store), relativePath);
        return fs.call(store.storeId, "deleting " + file, () -> Files.deleteIfExists(file));
    }

    public StoreCapacity capacity(StoreRef store) throws IOException {
        Path root = root(store);
        return fs.call(store.storeId, "statfs of " + root, () -> {
            FileStore fileStore = Files.getFileStore(root);
            long total = fileStore.getTotalSpace();
            long free = fileStore.getUsableSpace();
            return new StoreCapacity(total, free, total - fileStore.getUnallocatedSpace());
        });
    }

    /** Unmounts an NFS store (a local store needs nothing). Forced and lazy when the server is gone. */
    public void release(StoreRef store) throws IOException {
        check(store);
        if (store.kind != StoreKind.NFS) {
            return;
        }
        synchronized (lockOf(store)) {
            unmount(mountPoint(store));
        }
    }

    private void unmount(Path mountPoint) throws IOException {
        if (!MountTable.isMountPoint(mountPoint)) {
            return;
        }
        try {
            runner.run(List.of("umount", mountPoint.toString()), mountTimeout);
        } catch (ExternalProgramException e) {
            // A dead server makes a plain umount hang or fail; detach it so the agent can go on.
            LOG.warn("umount of {} failed ({}); detaching it lazily", mountPoint, e.getMessage());
            try {
                runner.run(List.of("umount", "-f", "-l", mountPoint.toString()), mountTimeout);
            } catch (ExternalProgramException lazy) {
                lazy.addSuppressed(e);
                throw new IOException("Cannot unmount " + mountPoint + ", not even lazily: " + lazy.getMessage()
                        + ". Check what holds it with fuser -vm " + mountPoint, lazy);
            }
        }
        Files.deleteIfExists(mountPoint);
    }

    public Path mountPoint(StoreRef store) {
        return mountRoot.resolve(store.storeId);
    }

    private Path mountNfs(StoreRef store) throws IOException {
        Path mountPoint = mountPoint(store);
        if (MountTable.isMountPoint(mountPoint)) {
            return mountPoint;
        }
        synchronized (lockOf(store)) {
            if (MountTable.isMountPoint(mountPoint)) {
                return mountPoint;
            }
            return mount(store, mountPoint);
        }
    }

    private Object lockOf(StoreRef store) {
        return mountLocks.computeIfAbsent(store.storeId, id -> new Object());
    }

    private Path mount(StoreRef store, Path mountPoint) throws IOException {
        Files.createDirectories(mountPoint);
        String source = store.nfsServer + ":" + store.nfsExport;
        try {
            runner.run(List.of("mount", "-t", "nfs", "-o", nfsOptions.asMountOptions(), source, mountPoint.toString()),
                    mountTimeout);
        } catch (ExternalProgramException e) {
            throw new StoreUnreachableException("Cannot mount NFS store " + store.storeId + " (" + source + ") on "
                    + mountPoint + ": " + e.getMessage() + ". Check that the NFS server is up, exports the path to "
                    + "this host, and that nfs-common is installed", e);
        }
        LOG.info("Mounted NFS store {} ({}) on {}", store.storeId, source, mountPoint);
        return mountPoint;
    }

    private static void check(StoreRef store) {
        if (store == null || store.kind == null || store.storeId == null
                || !STORE_ID.matcher(store.storeId).matches()) {
            throw new IllegalArgumentException("A store needs a kind and a storeId of letters, digits, '.', '_', '-'");
        }
        if (store.kind == StoreKind.LOCAL && (store.localPath == null || !Path.of(store.localPath).isAbsolute())) {
            throw new IllegalArgumentException("Local store " + store.storeId + " needs an absolute localPath");
        }
        if (store.kind == StoreKind.NFS && (store.nfsServer == null || !NFS_SERVER.matcher(store.nfsServer).matches()
                || store.nfsExport == null || !store.nfsExport.startsWith("/") || store.nfsExport.contains(","))) {
            throw new IllegalArgumentException("NFS store " + store.storeId
                    + " needs nfsServer (host or address) and an absolute nfsExport");
        }
    }
}
