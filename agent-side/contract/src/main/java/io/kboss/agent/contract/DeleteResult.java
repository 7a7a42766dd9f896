package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class DeleteResult {
    public List<String> deletedPaths = new ArrayList<>();
    /** Children that now hold the deleted backup's data. */
    public List<String> mergedChildren = new ArrayList<>();
    /**
     * Each merged child's file size in bytes once the merge ended, by its path relative to the store
     * root: the server records it as the surviving backup's new size.
     */
    public Map<String, Long> mergedChildSizes = new LinkedHashMap<>();
    /** Net space given back to the store (deleted sizes minus what children grew). */
    public long bytesFreed;
}
