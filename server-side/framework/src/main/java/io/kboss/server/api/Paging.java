package io.kboss.server.api;

import java.util.List;
import java.util.Locale;

/**
 * The page, page size and keyword of a list command, with defaults applied.
 *
 * <p>{@code pagesize=-1} asks for every item, as in CloudStack; here it is bounded by
 * {@link CommandSpec#MAX_PAGE_SIZE} so one call cannot make the server hold an unbounded list.
 * {@link #pageSize()} is then one more than the bound: a command fetches that many rows as usual,
 * and the dispatcher refuses the answer if the extra row came back (see {@link #exceeds}).
 *
 * @param pageSize the number of items to fetch
 * @param all whether the caller sent {@code pagesize=-1}
 */
public record Paging(int page, int pageSize, String keyword, boolean all) {
    /** CloudStack's {@code pagesize} for "all items". */
    public static final int ALL = -1;

    public static Paging of(Params p) {
        String keyword = p.string("keyword");
        String kw = keyword == null || keyword.isBlank() ? null : keyword;
        int size = p.integer("pagesize", CommandSpec.DEFAULT_PAGE_SIZE);
        if (size == ALL) {
            return new Paging(1, CommandSpec.MAX_PAGE_SIZE + 1, kw, true);
        }
        return new Paging(p.integer("page", 1), size, kw, false);
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** This page of a list the command holds whole (an empty list past its end). */
    public <T> List<T> slice(List<T> all) {
        int from = (int) Math.min(offset(), all.size());
        int to = (int) Math.min((long) from + pageSize, all.size());
        return all.subList(from, to);
    }

    /** Whether a {@code pagesize=-1} answer holds more items than the server answers at once. */
    public boolean exceeds(int itemsFetched) {
        return all && itemsFetched > CommandSpec.MAX_PAGE_SIZE;
    }

    /** The keyword as an SQL LIKE pattern ({@code %kw%} with wildcards escaped), or null. */
    public String likePattern() {
        if (keyword == null) {
            return null;
        }
        String escaped = keyword.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped.toLowerCase(Locale.ROOT) + "%";
    }
}
