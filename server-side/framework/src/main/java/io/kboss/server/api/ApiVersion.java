package io.kboss.server.api;

/** Which CloudStack API this server's commands and answers follow. */
public final class ApiVersion {
    /**
     * The CloudStack release whose API shapes KBOSS implements: {@code listCapabilities} reports it as
     * {@code cloudstackversion}, and every XML answer carries it as {@code cloud-stack-version}.
     */
    public static final String CLOUDSTACK = "4.20.0.0";

    private ApiVersion() {
    }
}
