package io.kboss.server.host.domain;

/** addHost was given a url that is not an agent endpoint; the message says why and what is expected. */
public class InvalidAgentUrlException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidAgentUrlException(String given, String why) {
        super("url " + given + " is not an agent endpoint: " + why + ". Expected http://address:port, e.g. "
                + "http://10.0.0.5:" + AgentUrl.DEFAULT_PORT);
    }
}
