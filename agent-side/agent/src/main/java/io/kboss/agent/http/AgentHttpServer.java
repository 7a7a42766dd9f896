package io.kboss.agent.http;

import java.net.InetSocketAddress;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Embedded Jetty serving {@link AgentServlet} on the configured address. */
public final class AgentHttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    public AgentHttpServer(String bindAddress, int port, AgentServlet servlet) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("kboss-agent-http");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(bindAddress);
        connector.setPort(port);
        // Idle connections are dropped so a slow or stuck client cannot hold threads.
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        server.setStopTimeout(5_000);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
