package io.kboss.server.operation;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which operations {@link OperationQueue#search} lists, newest first: those of {@code kinds}, narrowed by
 * each filter that is not null (ids are the database's; the caller resolved the API's uuids).
 *
 * @param uuid   the operation's uuid
 * @param vmAccountId only operations on VMs of this account (listall narrowing of an administrator's list)
 * @param states the states to include; empty for all
 */
public record OperationSearch(Collection<String> kinds, String uuid, Long backupId, Long hostId, Long zoneId,
        Long vmAccountId, Collection<OperationState> states, long offset, int limit) {
    public OperationSearch {
        kinds = List.copyOf(Objects.requireNonNull(kinds, "kinds"));
        states = List.copyOf(Objects.requireNonNull(states, "states"));
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a search names the kinds it lists");
        }
    }
}
