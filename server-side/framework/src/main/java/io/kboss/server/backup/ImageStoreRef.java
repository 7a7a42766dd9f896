package io.kboss.server.backup;

import io.kboss.agent.contract.StoreRef;
import java.net.URI;

/**
 * Secondary storage backups are written to: a local folder ({@code file}) or an NFS export ({@code nfs}).
 *
 * @param url  the store's url as added; for NFS its host is the server to mount from
 * @param path the folder (local) or the export path (NFS)
 */
public record ImageStoreRef(long id, String uuid, String protocol, String url, String path) {

    /** How the agent is told about the store: a local folder, or an NFS export it mounts itself. */
    public StoreRef agentRef() {
        if ("nfs".equals(protocol)) {
            return StoreRef.nfs(uuid, URI.create(url).getHost(), path);
        }
        return StoreRef.local(uuid, path);
    }
}
