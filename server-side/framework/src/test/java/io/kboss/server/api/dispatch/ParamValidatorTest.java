package io.kboss.server.api.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ParamType;
import io.kboss.server.api.Params;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.Test;

public class ParamValidatorTest {
    private static final CommandSpec SPEC = CommandSpec.named("doThing")
            .description("does a thing")
            .param(ParamSpec.string("name").required().maxLength(5).description("a name"))
            .param(ParamSpec.string("mode").allowedValues("HOURLY", "DAILY").description("a mode"))
            .param(ParamSpec.bool("flag").description("a flag"))
            .param(ParamSpec.integer("count").min(0).max(10).description("a count"))
            .param(ParamSpec.longValue("size").min(1).description("a size"))
            .param(ParamSpec.uuid("zoneid").description("a zone"))
            .param(ParamSpec.date("startdate").description("a date"))
            .param(ParamSpec.list("steps", ParamType.STRING).allowedValues("a", "b").description("steps"))
            .param(ParamSpec.list("ids", ParamType.LONG).description("ids"))
            .param(ParamSpec.map("details").maxLength(10).description("details"))
            .listCommand()
            .build();

    private final ParamValidator validator = new ParamValidator();

    private Params ok(Map<String, String> raw) throws ApiException {
        return validator.validate(SPEC, raw);
    }

    private String refused(Map<String, String> raw) {
        ApiException e = assertThrows(ApiException.class, () -> validator.validate(SPEC, raw));
        assertEquals(431, e.errorCode().httpStatus());
        assertEquals(4350, e.csErrorCode());
        return e.getMessage();
    }

    @Test
    public void everyTypeIsConvertedToItsJavaType() throws ApiException {
        UUID zone = UUID.randomUUID();
        Params p = ok(Map.ofEntries(Map.entry("name", "abc"), Map.entry("mode", "daily"), Map.entry("flag", "TRUE"),
                Map.entry("count", "10"), Map.entry("size", "9000000000"), Map.entry("zoneid", zone.toString()),
                Map.entry("startdate", "2024-05-01T10:00:00+0200"), Map.entry("steps", "a,b"),
                Map.entry("ids", "1, 2"), Map.entry("details[0].key", "k"), Map.entry("details[0].value", "v")));
        assertEquals("abc", p.string("name"));
        assertEquals("DAILY", p.string("mode"));
        assertEquals(Boolean.TRUE, p.bool("flag"));
        assertEquals(Integer.valueOf(10), p.integer("count"));
        assertEquals(Long.valueOf(9_000_000_000L), p.longValue("size"));
        assertEquals(zone, p.uuid("zoneid"));
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), p.date("startdate"));
        assertEquals(List.of("a", "b"), p.list("steps"));
        assertEquals(List.of(1L, 2L), p.list("ids"));
        assertEquals(Map.of("k", "v"), p.map("details"));
    }

    @Test
    public void anEmptyValueIsAbsentUnlessTheParameterIsDeclaredToBeClearedByIt() throws ApiException {
        CommandSpec update = CommandSpec.named("updateThing").description("updates a thing")
                .param(ParamSpec.string("secret").maxLength(8).emptyClears().description("cleared when empty"))
                .param(ParamSpec.list("tags", ParamType.STRING).emptyClears().description("cleared when empty"))
                .param(ParamSpec.string("note").description("ignored when empty"))
                .build();
        Params p = validator.validate(update, Map.of("secret", "", "tags", "", "note", ""));
        assertTrue(p.has("secret") && p.string("secret").isEmpty());
        assertTrue(p.has("tags") && p.list("tags").isEmpty());
        assertFalse("an empty value of another parameter counts as absent, as before", p.has("note"));
        assertFalse(validator.validate(update, Map.of()).has("secret"));
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.bool("flag").emptyClears());
    }

    @Test
    public void dateOnlyMeansMidnightUtc() throws ApiException {
        assertEquals(Instant.parse("2024-05-01T00:00:00Z"),
                ok(Map.of("name", "a", "startdate", "2024-05-01")).date("startdate"));
    }

    @Test
    public void undeclaredParametersAreIgnoredAndEmptyOptionalsAreAbsent() throws ApiException {
        Params p = ok(Map.of("name", "a", "response", "json", "unknownthing", "x", "count", ""));
        assertFalse(p.has("response"));
        assertFalse(p.has("unknownthing"));
        assertFalse(p.has("count"));
        assertTrue(p.has("name"));
    }

    @Test
    public void missingRequiredParameterIsNamed() {
        assertTrue(refused(Map.of()).contains("missing parameter name"));
        assertTrue(refused(Map.of("name", "")).contains("missing parameter name"));
    }

    @Test
    public void tooLongStringIsRefusedWithTheLimit() {
        assertTrue(refused(Map.of("name", "abcdef")).contains("at most 5"));
    }

    @Test
    public void valueOutsideAllowedValuesListsTheAllowedOnes() {
        String m = refused(Map.of("name", "a", "mode", "YEARLY"));
        assertTrue(m, m.contains("mode") && m.contains("HOURLY, DAILY"));
        assertTrue(refused(Map.of("name", "a", "steps", "a,c")).contains("steps"));
    }

    @Test
    public void booleanMustBeTrueOrFalse() {
        assertTrue(refused(Map.of("name", "a", "flag", "yes")).contains("flag must be true or false"));
    }

    @Test
    public void integerOutsideRangeOrMalformedIsRefused() {
        assertTrue(refused(Map.of("name", "a", "count", "11")).contains("between 0 and 10"));
        assertTrue(refused(Map.of("name", "a", "count", "-1")).contains("between 0 and 10"));
        assertTrue(refused(Map.of("name", "a", "count", "1.5")).contains("count must be an integer"));
        assertTrue(refused(Map.of("name", "a", "count", "99999999999")).contains("count"));
    }

    @Test
    public void longBelowMinimumIsRefused() {
        assertTrue(refused(Map.of("name", "a", "size", "0")).contains("size must be at least 1"));
        assertTrue(refused(Map.of("name", "a", "size", "ten")).contains("size must be a whole number"));
    }

    @Test
    public void malformedUuidIsRefused() {
        assertTrue(refused(Map.of("name", "a", "zoneid", "12")).contains("zoneid must be a UUID"));
    }

    @Test
    public void malformedDateIsRefused() {
        assertTrue(refused(Map.of("name", "a", "startdate", "yesterday")).contains("startdate must be a date"));
    }

    @Test
    public void listWithEmptyOrBadElementIsRefused() {
        assertTrue(refused(Map.of("name", "a", "ids", "1,,2")).contains("without empty elements"));
        assertTrue(refused(Map.of("name", "a", "ids", "1,x")).contains("ids must be a whole number"));
    }

    @Test
    public void mapInAnotherFormOrTooLongIsRefused() {
        assertTrue(refused(Map.of("name", "a", "details[x]", "1")).contains("details is a map"));
        assertTrue(refused(Map.of("name", "a", "details[0].key", "k", "details[0].value", "01234567890"))
                .contains("at most 10"));
    }

    @Test
    public void pagingParametersAreCheckedOnListCommands() throws ApiException {
        assertTrue(refused(Map.of("name", "a", "pagesize", "0")).contains("pagesize"));
        assertTrue(refused(Map.of("name", "a", "page", "0")).contains("page"));
        Params p = ok(Map.of("name", "a", "page", "3", "pagesize", "20", "keyword", "x_y"));
        io.kboss.server.api.Paging paging = io.kboss.server.api.Paging.of(p);
        assertEquals(40, paging.offset());
        assertEquals("%x\\_y%", paging.likePattern());
    }

    @Test
    public void pageAndPageSizeComeTogetherAsInCloudStackAndMinusOneMeansAll() throws ApiException {
        assertTrue(refused(Map.of("name", "a", "page", "2")).contains("pagesize is required when page is given"));
        assertTrue(refused(Map.of("name", "a", "pagesize", "20")).contains("page is required when pagesize"));
        assertTrue(refused(Map.of("name", "a", "pagesize", "-1", "page", "1")).contains("page cannot be given"));
        assertTrue(refused(Map.of("name", "a", "pagesize", "-2")).contains("pagesize"));
        io.kboss.server.api.Paging all = io.kboss.server.api.Paging.of(ok(Map.of("name", "a", "pagesize", "-1")));
        assertTrue(all.all());
        assertEquals(0, all.offset());
        assertEquals("one row past the bound is fetched to tell an overflow", CommandSpec.MAX_PAGE_SIZE + 1,
                all.pageSize());
        assertFalse(all.exceeds(CommandSpec.MAX_PAGE_SIZE));
        assertTrue(all.exceeds(CommandSpec.MAX_PAGE_SIZE + 1));
        io.kboss.server.api.Paging none = io.kboss.server.api.Paging.of(ok(Map.of("name", "a")));
        assertEquals(CommandSpec.DEFAULT_PAGE_SIZE, none.pageSize());
        assertFalse(none.exceeds(CommandSpec.MAX_PAGE_SIZE + 1));
    }

    @Test
    public void controlCharactersAreRefusedInEveryValueAndLineBreaksInNames() throws ApiException {
        String bell = refused(Map.of("name", "a", "mode", "DAI\u0007LY"));
        assertTrue(bell, bell.contains("Parameter mode contains the control character U+0007 at position 4"));
        assertTrue(refused(Map.of("name", "a", "details[0].key", "k", "details[0].value", "\u001b[1m"))
                .contains("details"));
        assertTrue(refused(Map.of("name", "a\nb")).contains("a name is one line of printable characters"));
        assertTrue(refused(Map.of("name", "a\u0085")).contains("U+0085"));
        assertTrue(refused(Map.of("name", "a\tb")).contains("U+0009"));
        assertEquals("line breaks stay allowed outside names", "x\ny", ok(Map.of("name", "a", "keyword", "x\ny"))
                .string("keyword"));
        assertEquals("names may be any printable text", "é€-_", ok(Map.of("name", "é€-_")).string("name"));
        assertTrue(ParamSpec.string("account").isName());
        assertTrue(ParamSpec.string("username").isName());
        assertFalse(ParamSpec.string("description").isName());
        assertFalse("a uuid is checked by its own form", ParamSpec.uuid("zonename").isName());
    }
}
