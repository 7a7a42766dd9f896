package io.kboss.agent.disk;

/** A libvirt call failed; the message names the call, the VM and libvirt's own reason. */
public class LibvirtCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LibvirtCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
