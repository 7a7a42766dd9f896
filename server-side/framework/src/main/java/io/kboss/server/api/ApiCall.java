package io.kboss.server.api;

/** One validated call of a command: who called, with which typed parameters. */
public record ApiCall(CommandSpec spec, Caller caller, Params params) {

    /** Paging and keyword; meaningful for list commands. */
    public Paging paging() {
        return Paging.of(params);
    }
}
