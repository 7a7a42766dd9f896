package io.kboss.agent.vm;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * One shared connection to libvirtd, opened on first use and reopened when libvirtd restarted.
 * Calls are serialized through {@link #withConnection} because the binding's objects are not
 * documented as safe to share between threads.
 */
public final class LibvirtConnection implements AutoCloseable {
    private final String uri;
    private Connect connect;

    @FunctionalInterface
    public interface LibvirtCall<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    public LibvirtConnection(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    public synchronized <T> T withConnection(LibvirtCall<T> call) throws LibvirtException {
        if (connect == null || !isAlive(connect)) {
            // The binding prints every libvirt error to stderr by default; errors reach us as exceptions.
            Connect.setErrorCallback((pointer, error) -> {
            });
            connect = new Connect(uri);
        }
        return call.apply(connect);
    }

    private static boolean isAlive(Connect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() throws LibvirtException {
        if (connect != null) {
            connect.close();
            connect = null;
        }
    }
}
