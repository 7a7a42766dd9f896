package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.StoreRef;
import java.net.URI;

/** The image store (secondary storage) a zone's backups are written to. */
public record StoreRecord(long id, String uuid, String protocol, String url, String path) {

    /** How the agent is told about the store: a local folder, or an NFS export it mounts itself. */
    public StoreRef asStoreRef() {
        if ("nfs".equals(protocol)) {
            return StoreRef.nfs(uuid, URI.create(url).getHost(), path);
        }
        return StoreRef.local(uuid, path);
    }
}
