package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a deletion did.
 *
 * @param deleted the files it deleted (those already gone are not listed)
 * @param mergedChildSizes each merged child's file size in bytes after its merge, in merge order
 * @param bytesFreed net space given back to the store: the deleted files' sizes minus what the
 *     merged children grew (negative when merging cost more than it freed)
 */
public record DeletionOutcome(List<Path> deleted, Map<Path, Long> mergedChildSizes, long bytesFreed) {
    public DeletionOutcome {
        deleted = List.copyOf(deleted);
        mergedChildSizes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mergedChildSizes));
    }

    public boolean merged(Path child) {
        return mergedChildSizes.containsKey(child);
    }
}
