package io.kboss.server.http;

import io.kboss.server.api.dispatch.ApiDispatcher;
import io.kboss.server.auth.Authenticator;
import io.kboss.server.backup.Downloads;
import java.io.IOException;
import java.net.URL;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty: the API at {@code /client/api}, the web UI from the classpath folder
 * {@code kboss-ui/} at {@code /client/}, {@code /} redirected to {@code /client/}, and the files a
 * {@link Downloads} bean hands out at {@code /client/download/}.
 */
public final class HttpServer implements AutoCloseable {
    public static final String UI_FOLDER = "kboss-ui";
    /**
     * The most bytes a request's line and headers may hold (Jetty's request header size, which
     * covers the URL). Larger requests are answered 414 or 431 with an API error envelope; long
     * parameter lists belong in a POST body, which Jetty bounds at 200,000 bytes.
     */
    public static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;

    private final Server server;
    private final ServerConnector connector;

    public HttpServer(String bindAddress, int port, ApiDispatcher dispatcher, Authenticator authenticator) {
        this(bindAddress, port, dispatcher, authenticator, null);
    }

    /** @param downloads the files handed out at {@link Downloads#PATH}; null for none */
    public HttpServer(String bindAddress, int port, ApiDispatcher dispatcher, Authenticator authenticator,
            Downloads downloads) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("kboss-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bindAddress);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder("api", new ApiServlet(dispatcher, authenticator)), "/client/api");
        context.addServlet(new ServletHolder("root", new RedirectToClient()), "");
        if (downloads != null) {
            context.addServlet(new ServletHolder("download", new DownloadServlet(downloads)), Downloads.PATH + "*");
        }
        URL ui = HttpServer.class.getClassLoader().getResource(UI_FOLDER + "/index.html");
        if (ui != null) {
            String base = ui.toExternalForm();
            ServletHolder files = new ServletHolder("ui", DefaultServlet.class);
            files.setInitParameter("resourceBase", base.substring(0, base.length() - "index.html".length()));
            files.setInitParameter("pathInfoOnly", "true");
            files.setInitParameter("dirAllowed", "false");
            files.setInitParameter("redirectWelcome", "false");
            context.setWelcomeFiles(new String[]{"index.html"});
            context.addServlet(files, "/client/*");
        } else {
            context.addServlet(new ServletHolder("ui", new NoUi()), "/client/*");
        }
        // Whatever fails outside the API servlet must not show a stack trace either; requests Jetty
        // refuses before any servlet runs get an API error envelope.
        BadRequestErrors errors = new BadRequestErrors();
        context.setErrorHandler(errors);
        server.setErrorHandler(errors);
        server.setHandler(context);
        server.setStopAtShutdown(false);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The bound port (the ephemeral one when started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Answers when the build carries no UI, rather than serving anything else from the classpath. */
    static final class NoUi extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(404, "The web UI is not part of this build (no " + UI_FOLDER
                    + "/ on the classpath); build ui-resources, or use the API at /client/api");
        }
    }

    /** {@code /} → {@code /client/}, where the UI lives. */
    static final class RedirectToClient extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendRedirect("/client/");
        }
    }
}
