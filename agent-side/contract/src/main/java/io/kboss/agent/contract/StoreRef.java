package io.kboss.agent.contract;

/**
 * Names a secondary store. Backup paths in commands are relative to the store's root, so a store
 * can be mounted anywhere and the server never needs to know where.
 */
public class StoreRef {
    /** Stable id chosen by the server; NFS stores are mounted under the agent's mount root by it. */
    public String storeId;
    public StoreKind kind;
    /** For LOCAL: the absolute folder on the agent's host. */
    public String localPath;
    /** For NFS: host name or address of the server. */
    public String nfsServer;
    /** For NFS: the exported path, e.g. {@code /export/kboss}. */
    public String nfsExport;

    public static StoreRef local(String storeId, String path) {
        StoreRef s = new StoreRef();
        s.storeId = storeId;
        s.kind = StoreKind.LOCAL;
        s.localPath = path;
        return s;
    }

    public static StoreRef nfs(String storeId, String server, String export) {
        StoreRef s = new StoreRef();
        s.storeId = storeId;
        s.kind = StoreKind.NFS;
        s.nfsServer = server;
        s.nfsExport = export;
        return s;
    }
}
