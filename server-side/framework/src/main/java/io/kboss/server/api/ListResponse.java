package io.kboss.server.api;

import java.util.List;

/**
 * A list answer: {@code {"count": total, "<itemName>": [...]}}. {@code count} is the number of
 * matching items before paging, as CloudStack reports it. As in CloudStack, a list with no items
 * at all is answered {@code {}} (no count, no array).
 */
public record ListResponse<T>(String itemName, long count, List<T> items) {
}
