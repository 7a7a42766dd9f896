package io.kboss.server.api;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The histories' shared window parameters and the page of a list held whole. */
public class HistoryWindowTest {

    @Test
    public void theParametersSayTheDefaultSpanAndTheLongestWindow() {
        HistoryWindow w = HistoryWindow.lastDays(7);
        assertEquals("samples taken at or after this time (default: 7 days before enddate)",
                w.startdate("samples taken").description());
        assertEquals("samples taken at or before this time (a date alone: the end of that day, UTC; default: now); "
                + "at most 366 days after startdate", w.enddate("samples taken").description());
        assertEquals("the first day (default: 7 days before enddate)", w.firstDay().description());
        assertEquals("the last day (default: today); at most 366 days after startdate", w.lastDay().description());
    }

    @Test
    public void aSliceIsThePageAskedForAndEmptyPastTheEnd() {
        List<Integer> five = List.of(1, 2, 3, 4, 5);
        assertEquals(List.of(3, 4), paging(2, 2).slice(five));
        assertEquals(List.of(5), paging(3, 2).slice(five));
        assertEquals(List.of(), paging(4, 2).slice(five));
        assertEquals(five, new Paging(1, CommandSpec.MAX_PAGE_SIZE + 1, null, true).slice(five));
    }

    private static Paging paging(int page, int pageSize) {
        return Paging.of(new Params(Map.of("page", page, "pagesize", pageSize)));
    }
}
