package io.kboss.server.backup.jdbc;

import java.util.Collections;

/** "?, ?, ?" for an IN list. */
final class Marks {
    private Marks() {
    }

    static String of(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
