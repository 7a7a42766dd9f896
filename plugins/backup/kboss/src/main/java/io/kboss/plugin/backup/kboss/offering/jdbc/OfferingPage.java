package io.kboss.plugin.backup.kboss.offering.jdbc;

import java.util.List;

/** One page of offerings and how many match the query before paging. */
public record OfferingPage(long total, List<OfferingView> offerings) {
}
