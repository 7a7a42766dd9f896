package io.kboss.agent.contract;

/** Where a secondary store lives. */
public enum StoreKind {
    /** A folder on this host (the embedded default). */
    LOCAL,
    /** An NFS export the agent mounts itself under its own mount root. */
    NFS
}
