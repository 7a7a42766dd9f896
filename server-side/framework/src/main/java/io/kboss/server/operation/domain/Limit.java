package io.kboss.server.operation.domain;

import java.util.Objects;

/**
 * One concurrency limit and the setting it comes from (named in the reasons operations wait).
 *
 * @param max at most this many running at once; below 1 means no limit
 */
public record Limit(int max, String setting) {
    /** The setting of a limit that no setting sets: there is no such limit. */
    public static final String NONE = "(none)";

    public Limit {
        Objects.requireNonNull(setting, "setting");
    }

    public static Limit unlimited(String setting) {
        return new Limit(0, setting);
    }

    public boolean allows(int running) {
        return max < 1 || running < max;
    }
}
