package io.kboss.plugin.backup.kboss.validation;

import java.util.Base64;
import io.kboss.server.backup.AgentChannels;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.agent.contract.ScreenshotAnswer;
import io.kboss.agent.contract.ReadScreenshotCommand;
import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.ImageStoreRef;
import io.kboss.server.backup.ImageStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The screenshot a validation took of a backup's throwaway VM, for its owner and the admins above it. The
 * agent wrote it beside the backup on the store; the server reads it from a local-folder store (the
 * standalone set-up's, shared by server and agents). An NFS store is mounted only by the agents, so its
 * screenshots are read by the agent of the backup's host (read-screenshot).
 */
public class ValidationScreenshots {
    /** PNG's eight-byte signature: what the agent writes is checked before it is handed to a browser. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** A console screenshot is a few hundred KiB at most; anything far larger is not one. */
    private static final long MAX_BYTES = 32L << 20;

    private final BackupAccess access;
    private final ValidationRepository validations;
    private final ImageStores stores;
    private final AgentChannels agents;

    public ValidationScreenshots(BackupAccess access, ValidationRepository validations, ImageStores stores,
            AgentChannels agents) {
        this.access = access;
        this.validations = validations;
        this.stores = stores;
        this.agents = agents;
    }

    /** A backup's screenshot: its uuid and the PNG's bytes. */
    public record Screenshot(String backupUuid, byte[] png) {
    }

    /**
     * An NFS store's screenshot, read by the agent of the backup's host (which mounts the store); the
     * agent answers only a PNG inside the store.
     */
    private byte[] readThroughHost(BackupRecord b, ImageStoreRef store, String path) throws ApiException {
        if (b.hostId() == null) {
            throw ApiException.internal("The screenshot of backup " + b.uuid() + " is on the NFS store " + store.uuid()
                    + ", and the backup names no host whose agent could read it", null);
        }
        ReadScreenshotCommand c = new ReadScreenshotCommand();
        c.store = StoreRefs.of(store);
        c.path = path;
        ScreenshotAnswer a;
        try {
            a = agents.forHost(b.hostId()).execute(c);
        } catch (AgentCallException | IllegalStateException e) {
            throw ApiException.internal("The screenshot of backup " + b.uuid() + " is on the NFS store " + store.uuid()
                    + ", which only the hosts mount, and the agent of the backup's host could not be asked for it: "
                    + e.getMessage(), e);
        }
        if (!a.success) {
            throw ApiException.internal("The agent of the backup's host could not read the screenshot of backup "
                    + b.uuid() + ": " + a.errorText, null);
        }
        return Base64.getDecoder().decode(a.pngBase64);
    }

    public Screenshot read(Caller caller, String backupUuid) throws ApiException {
        BackupRecord b = access.requireLive(backupUuid, caller);
        ValidationRepository.ValidationRow row = validations.row(b.id());
        if (row.screenshot() == null) {
            throw ApiException.invalidParameter("Backup " + b.uuid() + " has no validation screenshot (validation "
                    + "status " + row.status() + "): it is taken by the screenshot step of a validation; its offering "
                    + "must validate with that step");
        }
        ImageStoreRef store = stores.byId(b.imageStoreId());
        if (!"file".equals(store.protocol())) {
            return new Screenshot(b.uuid(), readThroughHost(b, store, row.screenshot()));
        }
        Path root = Path.of(store.path()).toAbsolutePath().normalize();
        Path file = root.resolve(row.screenshot()).normalize();
        if (!file.startsWith(root)) {
            throw ApiException.internal("The screenshot path of backup " + b.uuid() + " leaves its store; the row "
                    + "was changed by hand", null);
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw ApiException.internal("The screenshot of backup " + b.uuid() + " holds " + Files.size(file)
                        + " bytes, more than a console screenshot; it is not one", null);
            }
            byte[] png = Files.readAllBytes(file);
            if (png.length < PNG.length || !Arrays.equals(Arrays.copyOf(png, PNG.length), PNG)) {
                throw ApiException.internal("The screenshot of backup " + b.uuid() + " at " + row.screenshot()
                        + " is not a PNG; validate the backup again to take a new one", null);
            }
            return new Screenshot(b.uuid(), png);
        } catch (NoSuchFileException e) {
            throw ApiException.internal("The screenshot of backup " + b.uuid() + " is gone from store " + store.uuid()
                    + " (" + row.screenshot() + "); validate the backup again to take a new one", e);
        } catch (IOException e) {
            throw ApiException.internal("The screenshot of backup " + b.uuid() + " could not be read from store "
                    + store.uuid() + ": " + e.getMessage(), e);
        }
    }
}
