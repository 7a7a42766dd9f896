package io.kboss.server.api;

/**
 * One validated call of a command: who called, with which typed parameters.
 *
 * @param caller null only for commands declared {@code withoutAuthentication()}
 * @param sessionId the login session the call came with, or null for signed calls
 */
public record ApiCall(CommandSpec spec, Caller caller, Params params, String sessionId) {

    public ApiCall(CommandSpec spec, Caller caller, Params params) {
        this(spec, caller, params, null);
    }

    /** Paging and keyword; meaningful for list commands. */
    public Paging paging() {
        return Paging.of(params);
    }
}
