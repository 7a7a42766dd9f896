package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.RestoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished quick restore did with the volumes it replaced, for its answer and the log. The
 * agent deletes them itself once the VM runs on its consolidated disks (see the agent's README);
 * a kept volume is the VM's disk from before the restore, so the operator is told where and why.
 */
public final class ReplacedVolumesReport {
    private static final Logger LOG = LoggerFactory.getLogger(ReplacedVolumesReport.class);

    private ReplacedVolumesReport() {
    }

    /** One sentence for the restore's answer; empty when the agent reported nothing replaced. */
    public static String describe(String vmName, RestoreResult r) {
        if (r == null || (r.replacedPaths.isEmpty() && r.replacedKeptReason == null)) {
            return "";
        }
        String removed = r.removedReplacedPaths.isEmpty()
                ? ""
                : "; its replaced volumes were deleted (" + r.removedReplacedPaths.size() + " file"
                        + (r.removedReplacedPaths.size() == 1 ? "" : "s") + ", " + r.replacedBytesFreed
                        + " bytes freed)";
        String kept = r.replacedKeptReason == null ? "" : "; replaced volumes kept: " + r.replacedKeptReason;
        LOG.info("Quick restore of VM {}: replaced volumes {} deleted, {} bytes freed{}", vmName,
                r.removedReplacedPaths, r.replacedBytesFreed, kept);
        return removed + kept;
    }
}
