package io.kboss.agent.contract;

/**
 * Keeps a child of a deleted backup restorable: the deleted file's data that the child still
 * needs is merged into the child, and the child is re-pointed at {@code newBackingPath}.
 */
public class ChildMerge {
    /** The backup file being deleted, relative to the store root. */
    public String deletedPath;
    /** Its direct child, relative to the store root. */
    public String childPath;
    /** The deleted file's own parent, relative to the store root; null when it was a full. */
    public String newBackingPath;
}
