package io.kboss.client;

import java.util.List;

/**
 * One page of a list command's answer: {@code count} is how many match in all, {@code items} the
 * ones on this page (none when the list is empty, whether the server wrote count 0 or an empty
 * object).
 */
public record ListPage<T>(int count, List<T> items) {
    public ListPage {
        items = List.copyOf(items);
    }
}
