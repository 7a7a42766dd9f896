package io.kboss.agent.vm;

import io.kboss.agent.contract.VmPowerAnswer;
import io.kboss.agent.contract.VmState;
import java.util.Locale;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.w3c.dom.Element;

/**
 * Starts and stops the agent's VMs. Each call opens a connection of its own: a start can take
 * seconds, and the shared inventory connection must not wait behind it.
 */
public final class VmPower {
    private final String uri;
    private final VmInventory vms;

    public VmPower(String uri, VmInventory vms) {
        this.uri = uri;
        this.vms = vms;
    }

    /** The VM is not the agent's, or libvirt does not know it and there is no way to start it. */
    public static final class UnknownVm extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownVm(String message) {
            super(message);
        }
    }

    /**
     * Starts the VM; when libvirt no longer knows it (a transient VM that stopped), as a transient
     * domain from {@code domainXml}, which must carry the VM's uuid and a name the agent manages.
     */
    public VmPowerAnswer start(String vmUuid, String domainXml) throws LibvirtException, UnknownVm {
        Connect c = new Connect(uri);
        try {
            Domain d = managedDomain(c, vmUuid);
            VmPowerAnswer a = new VmPowerAnswer();
            if (d == null) {
                if (domainXml == null) {
                    throw new UnknownVm("No VM " + vmUuid + " on this host. To start a VM libvirt no longer knows"
                            + " (a transient VM that stopped), send start-vm with its domainXml");
                }
                checkDefinition(vmUuid, domainXml);
                d = c.domainCreateXML(domainXml, 0);
                a.changed = true;
            } else if (d.isActive() != 1) {
                d.create();
                a.changed = true;
            }
            a.exists = true;
            a.state = VmInventory.state(d.getInfo().state);
            return a;
        } finally {
            c.close();
        }
    }

    /** Asks the guest to shut down, or with {@code forced} powers the VM off at once. */
    public VmPowerAnswer stop(String vmUuid, boolean forced) throws LibvirtException, UnknownVm {
        Connect c = new Connect(uri);
        try {
            Domain d = managedDomain(c, vmUuid);
            VmPowerAnswer a = new VmPowerAnswer();
            if (d == null) {
                // A transient VM that stopped is gone from libvirt: it is off, which is what was asked.
                a.state = VmState.SHUTOFF;
                return a;
            }
            boolean persistent = d.isPersistent() == 1; // asked first: a destroyed transient domain is gone
            if (d.isActive() == 1) {
                if (forced) {
                    d.destroy();
                } else {
                    d.shutdown();
                }
                a.changed = true;
            }
            a.exists = persistent || d.isActive() == 1;
            a.state = a.exists ? VmInventory.state(d.getInfo().state) : VmState.SHUTOFF;
            return a;
        } catch (LibvirtException e) {
            if (forced && gone(e)) {
                VmPowerAnswer a = new VmPowerAnswer(); // the transient VM vanished as it was destroyed
                a.changed = true;
                a.state = VmState.SHUTOFF;
                return a;
            }
            throw e;
        } finally {
            c.close();
        }
    }

    /**
     * The VM by uuid; null when libvirt does not know it. A domain of another name rule is answered
     * as unknown, as every other command does.
     */
    private Domain managedDomain(Connect c, String vmUuid) throws LibvirtException, UnknownVm {
        Domain d;
        try {
            d = c.domainLookupByUUIDString(vmUuid);
        } catch (LibvirtException e) {
            if (gone(e)) {
                return null;
            }
            throw e;
        }
        if (!vms.manages(d.getName())) {
            throw new UnknownVm("No VM " + vmUuid + " on this host");
        }
        return d;
    }

    private void checkDefinition(String vmUuid, String domainXml) {
        Element root = Xml.parse(domainXml);
        Element uuid = Xml.child(root, "uuid");
        Element name = Xml.child(root, "name");
        if (uuid == null || !uuid.getTextContent().trim().toLowerCase(Locale.ROOT)
                .equals(vmUuid.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("domainXml describes another VM than " + vmUuid
                    + " (its <uuid> differs or is missing)");
        }
        if (name == null || !vms.manages(name.getTextContent().trim())) {
            throw new IllegalArgumentException("domainXml's <name> must be a VM name this agent manages"
                    + (vms.namePrefix().isEmpty() ? "" : " (starting with '" + vms.namePrefix() + "')"));
        }
    }

    static boolean gone(LibvirtException e) {
        return e.getError() != null && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }
}
