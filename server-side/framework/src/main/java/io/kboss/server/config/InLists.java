package io.kboss.server.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * IN lists for statements that the connection pool prepares on the server ({@link DatabasePool}): the
 * driver caches a prepared statement by its text, so a list whose length changes with every call would
 * be prepared anew (a round trip) each time.
 */
public final class InLists {
    private InLists() {
    }

    /** "?, ?, ?" for an IN list of {@code n} values. */
    public static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /**
     * The values, the last one repeated up to the next power of two: an IN list means the same, and the
     * statement's text takes one of a few lengths, so the driver's cache of server-side prepared
     * statements keeps it rather than preparing every new length again.
     */
    public static <T> List<T> padded(Collection<T> values) {
        List<T> out = new ArrayList<>(values);
        int size = out.size() <= 1 ? out.size() : Integer.highestOneBit(out.size() - 1) << 1;
        T last = out.get(out.size() - 1);
        while (out.size() < size) {
            out.add(last);
        }
        return out;
    }
}
