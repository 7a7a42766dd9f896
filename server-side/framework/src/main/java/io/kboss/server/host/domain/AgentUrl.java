package io.kboss.server.host.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The endpoint of a kboss-agent as the admin gives it to addHost, normalized so that two spellings
 * of one agent are one host: {@code http://address:port}, no path, no credentials.
 */
public record AgentUrl(String address, int port) {
    public static final int DEFAULT_PORT = 8250;

    public static AgentUrl parse(String text) throws InvalidAgentUrlException {
        String t = text == null ? "" : text.trim();
        if (!t.contains("://")) {
            t = "http://" + t;
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new InvalidAgentUrlException(text, "it is not a URL (" + e.getReason() + ")");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidAgentUrlException(text, "the agent speaks http (signed requests); put TLS in front "
                    + "of it if needed and give its http address");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidAgentUrlException(text, "it names no host");
        }
        if (uri.getUserInfo() != null) {
            throw new InvalidAgentUrlException(text, "credentials do not belong in the URL; pairing uses the code");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new InvalidAgentUrlException(text, "give only http://address:port, without a path");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return new AgentUrl(uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    public URI uri() {
        return URI.create(toString());
    }

    @Override
    public String toString() {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return "http://" + host + ":" + port;
    }
}
