package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

public class DeleteResult {
    public List<String> deletedPaths = new ArrayList<>();
    /** Children that now hold the deleted backup's data. */
    public List<String> mergedChildren = new ArrayList<>();
    /** Net space given back to the store (deleted sizes minus what children grew). */
    public long bytesFreed;
}
