package io.kboss.server.backup;

/**
 * Secondary storage backups are written to: a local folder ({@code file}) or an NFS export ({@code nfs}).
 *
 * @param url  the store's url as added; for NFS its host is the server to mount from
 * @param path the folder (local) or the export path (NFS)
 */
public record ImageStoreRef(long id, String uuid, String protocol, String url, String path) {
}
