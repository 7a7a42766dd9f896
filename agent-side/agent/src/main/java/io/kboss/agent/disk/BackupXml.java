package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import java.util.Collection;

/** The backup and checkpoint XML documents libvirt's backup-begin takes. */
final class BackupXml {
    private BackupXml() {
    }

    /**
     * Push mode into {@code <target>.part} as qcow2; disks of the VM not in the request are left
     * out explicitly, otherwise libvirt would back them up too.
     */
    static String push(BackupRequest req, Collection<String> vmDisks, boolean incremental) {
        StringBuilder xml = new StringBuilder("<domainbackup mode='push'>");
        if (incremental) {
            xml.append("<incremental>").append(escape(req.previousCheckpoint())).append("</incremental>");
        }
        xml.append("<disks>");
        for (String dev : vmDisks) {
            BackupTarget t = find(req, dev);
            if (t == null) {
                xml.append("<disk name='").append(escape(dev)).append("' backup='no'/>");
            } else {
                xml.append("<disk name='").append(escape(dev)).append("' backup='yes' type='file'>")
                        .append("<target file='").append(escape(BackupTargets.partial(t).toString())).append("'/>")
                        .append("<driver type='qcow2'/></disk>");
            }
        }
        return xml.append("</disks></domainbackup>").toString();
    }

    /** A checkpoint with a bitmap on the requested disks only. */
    static String checkpoint(String name, BackupRequest req, Collection<String> vmDisks) {
        StringBuilder xml = new StringBuilder("<domaincheckpoint><name>").append(escape(name)).append("</name><disks>");
        for (String dev : vmDisks) {
            xml.append("<disk name='").append(escape(dev)).append("' checkpoint='")
                    .append(find(req, dev) == null ? "no" : "bitmap").append("'/>");
        }
        return xml.append("</disks></domaincheckpoint>").toString();
    }

    /** A checkpoint for redefinition after an offline backup added the bitmaps with qemu-img. */
    static String offlineCheckpoint(String name, String parent, long creationEpochSecond, BackupRequest req) {
        StringBuilder xml = new StringBuilder("<domaincheckpoint><name>").append(escape(name)).append("</name>");
        if (parent != null) {
            xml.append("<parent><name>").append(escape(parent)).append("</name></parent>");
        }
        xml.append("<creationTime>").append(creationEpochSecond).append("</creationTime><disks>");
        for (BackupTarget d : req.disks()) {
            xml.append("<disk name='").append(escape(d.disk())).append("' checkpoint='bitmap' bitmap='")
                    .append(escape(name)).append("'/>");
        }
        return xml.append("</disks></domaincheckpoint>").toString();
    }

    private static BackupTarget find(BackupRequest req, String dev) {
        return req.disks().stream().filter(d -> d.disk().equals(dev)).findFirst().orElse(null);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"",
                "&quot;");
    }
}
