package io.kboss.plugin.backup.kboss.offering.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every live offering as of one {@code backup_offering_version}, in listing order (created, id),
 * with what the filters of listBackupOfferings read. Immutable: list calls share it without locks.
 */
final class OfferingSnapshot {
    /** An offering as shown, with the path of the domain it is dedicated to (null when public). */
    record Entry(OfferingView view, String domainPath) {
    }

    private final long version;
    private final List<Entry> entries;

    OfferingSnapshot(long version, List<Entry> entriesInListingOrder) {
        this.version = version;
        this.entries = List.copyOf(entriesInListingOrder);
    }

    long version() {
        return version;
    }

    int size() {
        return entries.size();
    }

    /** The page the query asks for, and how many offerings match it before paging. */
    OfferingPage page(OfferingQuery q) {
        if (filtersNothing(q)) {
            // A root admin's unfiltered list (what a UI asks most): the page is a slice, no walk.
            int from = (int) Math.min(q.offset(), entries.size());
            int to = (int) Math.min((long) from + q.limit(), entries.size());
            List<OfferingView> page = new ArrayList<>(to - from);
            for (Entry e : entries.subList(from, to)) {
                page.add(e.view());
            }
            return new OfferingPage(entries.size(), page);
        }
        Predicate<Entry> filter = filter(q);
        long total = 0;
        List<OfferingView> page = new ArrayList<>(Math.min(q.limit(), 1024));
        for (Entry e : entries) {
            if (filter.test(e)) {
                if (total >= q.offset() && page.size() < q.limit()) {
                    page.add(e.view());
                }
                total++;
            }
        }
        return new OfferingPage(total, page);
    }

    private static boolean filtersNothing(OfferingQuery q) {
        return q.offeringUuid() == null && q.zoneUuid() == null && q.name() == null && q.keywordPattern() == null
                && q.visibility().seesAll();
    }

    // Text comparisons ignore case because the columns' collation (utf8mb4_unicode_ci) did so
    // when these filters were SQL.
    private static Predicate<Entry> filter(OfferingQuery q) {
        Predicate<Entry> f = e -> true;
        if (q.offeringUuid() != null) {
            f = f.and(e -> e.view().offering().uuid().equalsIgnoreCase(q.offeringUuid()));
        }
        if (q.zoneUuid() != null) {
            f = f.and(e -> q.zoneUuid().equalsIgnoreCase(e.view().zoneUuid()));
        }
        if (q.name() != null) {
            // PAD SPACE collation: trailing spaces do not make names differ.
            String name = q.name().stripTrailing();
            f = f.and(e -> e.view().offering().name().stripTrailing().equalsIgnoreCase(name));
        }
        if (q.keywordPattern() != null) {
            LikePattern like = LikePattern.of(q.keywordPattern());
            f = f.and(e -> like.matches(e.view().offering().name()) || like.matches(e.view().offering().description()));
        }
        OfferingVisibility v = q.visibility();
        if (!v.seesAll()) {
            f = f.and(e -> visible(e.domainPath(), v));
        }
        return f;
    }

    // Public, or dedicated to the caller's domain or an ancestor of it; a domain admin also sees
    // those of domains below their own. Paths end in '/', so '/ab/' is never a child of '/a/'.
    private static boolean visible(String offeringDomainPath, OfferingVisibility v) {
        if (offeringDomainPath == null) {
            return true;
        }
        String caller = v.callerDomainPath();
        return startsWithIgnoreCase(caller, offeringDomainPath)
                || (v.includeSubdomains() && startsWithIgnoreCase(offeringDomainPath, caller));
    }

    private static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
