-- V29: VMs whose libvirt domain is transient (CloudStack runs its VMs so: a stopped VM has no domain).
--
-- domain_persistent: whether libvirt keeps the VM's definition when it stops, as discovery last saw it.
-- domain_defined: whether the host's libvirt knows the domain now. A transient domain that disappears
-- from its host is a stopped VM, not a deleted one: discovery keeps its row Stopped with its volumes
-- (domain_defined = 0), so it can be restored from the disk paths kept here, and
-- quick-restored from the domain XML its backup recorded. When the cloud starts it again with the same
-- uuid, discovery finds the row and sets domain_defined back. A persistent domain that disappears was
-- undefined: the VM is removed, as before.
ALTER TABLE vm_instance
    ADD COLUMN domain_persistent TINYINT(1) NOT NULL DEFAULT 1,
    ADD COLUMN domain_defined    TINYINT(1) NOT NULL DEFAULT 1;
