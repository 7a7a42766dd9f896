package io.kboss.server.api;

import java.util.Locale;

/** The page, page size and keyword of a list command, with defaults applied. */
public record Paging(int page, int pageSize, String keyword) {

    public static Paging of(Params p) {
        String keyword = p.string("keyword");
        return new Paging(p.integer("page", 1), p.integer("pagesize", CommandSpec.DEFAULT_PAGE_SIZE),
                keyword == null || keyword.isBlank() ? null : keyword);
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
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
