package io.kboss.agent.vm;

import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's default event loop, which delivers domain events (and keepalives) to every connection
 * opened after it was registered. It is one per process in libvirt, so it is started once per JVM
 * and runs, in a daemon thread, until the JVM ends: several agents in one JVM (the tests) share it.
 */
final class LibvirtEventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEventLoop.class);
    private static boolean running;

    private LibvirtEventLoop() {
    }

    /** Registers the loop and starts its thread, the first time only. */
    static synchronized void ensureRunning() throws LibvirtException {
        if (running) {
            return;
        }
        Library.initEventLoop();
        Thread loop = new Thread(() -> {
            try {
                Library.runEventLoop();
            } catch (LibvirtException | InterruptedException e) {
                LOG.error("libvirt's event loop ended; VM lifecycle events stop until kboss-agent restarts", e);
            }
        }, "kboss-libvirt-events");
        loop.setDaemon(true);
        loop.start();
        running = true;
    }
}
