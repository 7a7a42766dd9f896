package io.kboss.server.operation.engine;

import io.kboss.server.operation.Operation;

/** An operation this server owns now, with the row version its claim (or adoption) left. */
record Claimed(Operation operation, long version, boolean adopted) {
}
