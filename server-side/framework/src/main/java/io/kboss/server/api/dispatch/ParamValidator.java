package io.kboss.server.api.dispatch;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ParamType;
import io.kboss.server.api.Params;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every declared parameter of a command against its declaration and converts it to its
 * type. Parameters the command does not declare are ignored, as CloudStack ignores them (clients
 * send extras such as {@code response} or their own cache-busters). An empty value of an optional
 * parameter counts as absent, unless the parameter is declared {@link ParamSpec#emptyClears()}. Every refusal is a 431 naming the parameter and what is allowed.
 */
public final class ParamValidator {
    private static final Pattern MAP_KEY = Pattern.compile("([a-z0-9]+)\\[(\\d+)]\\.([A-Za-z0-9_.-]+)");
    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** CloudStack's own date-time form is 2024-05-01T10:00:00+0000; ISO-8601 +00:00 is accepted too. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final int MAX_ECHO = 64;

    /**
     * @param raw request parameters with lower-cased names and decoded values
     */
    public Params validate(CommandSpec spec, Map<String, String> raw) throws ApiException {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (ParamSpec p : spec.params().values()) {
            Object value = p.type() == ParamType.MAP ? mapValue(p, raw) : scalarValue(spec, p, raw.get(p.name()));
            if (value == null) {
                if (p.isRequired()) {
                    throw ApiException.invalidParameter("Unable to execute API command "
                            + spec.name().toLowerCase(Locale.ROOT) + " due to missing parameter " + p.name()
                            + " (" + describeType(p) + ": " + p.description() + ")");
                }
                continue;
            }
            typed.put(p.name(), value);
        }
        if (spec.isList()) {
            checkPaging(typed);
        }
        return new Params(typed);
    }

    /**
     * CloudStack's paging rules: page and pagesize come together, except pagesize=-1 ("all
     * items"), which takes no page; a page size of 0 means nothing.
     */
    private static void checkPaging(Map<String, Object> typed) throws ApiException {
        Integer size = (Integer) typed.get("pagesize");
        boolean page = typed.containsKey("page");
        if (size != null && size == 0) {
            throw ApiException.invalidParameter("Parameter pagesize must be -1 (all items, at most "
                    + CommandSpec.MAX_PAGE_SIZE + ") or between 1 and " + CommandSpec.MAX_PAGE_SIZE + "; got 0");
        }
        if (size != null && size == Paging.ALL && page) {
            throw ApiException.invalidParameter("Parameter page cannot be given with pagesize=-1, which answers all "
                    + "items at once; drop page, or send page with a positive pagesize");
        }
        if (page && size == null) {
            throw ApiException.invalidParameter("Parameter pagesize is required when page is given: send page and "
                    + "pagesize together (e.g. page=2&pagesize=50)");
        }
        if (size != null && size != Paging.ALL && !page) {
            throw ApiException.invalidParameter("Parameter page is required when pagesize is given: send page and "
                    + "pagesize together (e.g. page=1&pagesize=" + size + "), or pagesize=-1 for all items");
        }
    }

    private Object scalarValue(CommandSpec spec, ParamSpec p, String text) throws ApiException {
        if (text != null && text.isEmpty() && p.isEmptyClears()) {
            return p.type() == ParamType.LIST ? List.of() : "";
        }
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (p.type() == ParamType.LIST) {
            List<Object> out = new ArrayList<>();
            for (String element : text.split(",", -1)) {
                String e = element.trim();
                if (e.isEmpty()) {
                    throw ApiException.invalidParameter("Parameter " + p.name() + " is a comma-separated list of "
                            + p.elementType().apiName() + " values without empty elements; got '" + echo(text) + "'");
                }
                out.add(convert(p, p.elementType(), e));
            }
            return List.copyOf(out);
        }
        return convert(p, p.type(), text);
    }

    private Object convert(ParamSpec p, ParamType type, String text) throws ApiException {
        switch (type) {
            case STRING :
                checkCharacters(p, text);
                checkLength(p, text);
                return allowed(p, text);
            case BOOLEAN :
                if (text.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (text.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw ApiException
                        .invalidParameter("Parameter " + p.name() + " must be true or false; got '" + echo(text) + "'");
            case INTEGER : {
                long v = parseWhole(p, text, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
                return (int) checkRange(p, v);
            }
            case LONG : {
                long v = parseWhole(p, text, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number");
                return checkRange(p, v);
            }
            case UUID :
                if (!UUID_FORM.matcher(text).matches()) {
                    throw ApiException.invalidParameter("Parameter " + p.name()
                            + " must be a UUID such as 3f2b5a4e-1c7d-4e0a-9b8e-2d5f6a7b8c9d; got '" + echo(text) + "'");
                }
                return UUID.fromString(text);
            case DATE :
                return parseDate(p, text);
            default :
                throw new IllegalStateException("Unhandled parameter type " + type + " of " + p.name());
        }
    }

    /**
     * As CloudStack, no parameter may carry ASCII control characters other than line feed and
     * carriage return; a name ({@link ParamSpec#isName()}) may carry none at all, nor C1 controls
     * or Unicode line separators: a name is shown on one line, in logs, lists and terminals.
     */
    private static void checkCharacters(ParamSpec p, String text) throws ApiException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r';
            boolean control = c < 0x20 || c == 0x7F;
            if (p.isName() && (control || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029')) {
                throw ApiException.invalidParameter("Parameter " + p.name() + " contains the control character "
                        + codePoint(c) + " at position " + (i + 1) + "; a name is one line of printable characters");
            }
            if (control && !lineBreak) {
                throw ApiException.invalidParameter("Parameter " + p.name() + " contains the control character "
                        + codePoint(c) + " at position " + (i + 1)
                        + "; only printable characters, line feeds and carriage returns are allowed");
            }
        }
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    private static void checkLength(ParamSpec p, String text) throws ApiException {
        if (p.maxLength() != null && text.length() > p.maxLength()) {
            throw ApiException.invalidParameter("Parameter " + p.name() + " is " + text.length()
                    + " characters long; at most " + p.maxLength() + " are allowed");
        }
    }

    private static String allowed(ParamSpec p, String text) throws ApiException {
        if (p.allowedValues().isEmpty()) {
            return text;
        }
        for (String a : p.allowedValues()) {
            if (a.equalsIgnoreCase(text)) {
                return a;
            }
        }
        throw ApiException.invalidParameter("Parameter " + p.name() + " must be one of "
                + String.join(", ", p.allowedValues()) + "; got '" + echo(text) + "'");
    }

    private static long parseWhole(ParamSpec p, String text, long lo, long hi, String kind) throws ApiException {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("Parameter " + p.name() + " must be " + kind + rangeText(p)
                    + "; got '" + echo(text) + "'");
        }
        if (v < lo || v > hi) {
            throw ApiException.invalidParameter("Parameter " + p.name() + " must be " + kind + " between "
                    + Math.max(lo, p.min() == null ? lo : p.min()) + " and "
                    + Math.min(hi, p.max() == null ? hi : p.max())
                    + "; got " + echo(text));
        }
        return v;
    }

    private static long checkRange(ParamSpec p, long v) throws ApiException {
        if ((p.min() != null && v < p.min()) || (p.max() != null && v > p.max())) {
            throw ApiException.invalidParameter("Parameter " + p.name() + " must be" + rangeText(p) + "; got " + v);
        }
        return v;
    }

    private static String rangeText(ParamSpec p) {
        if (p.min() != null && p.max() != null) {
            return " between " + p.min() + " and " + p.max();
        }
        if (p.min() != null) {
            return " at least " + p.min();
        }
        if (p.max() != null) {
            return " at most " + p.max();
        }
        return "";
    }

    private static Instant parseDate(ParamSpec p, String text) throws ApiException {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            var parsed = DATE_TIME.parseBest(text, OffsetDateTime::from, java.time.LocalDateTime::from);
            if (parsed instanceof OffsetDateTime) {
                return ((OffsetDateTime) parsed).toInstant();
            }
            return ((java.time.LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter("Parameter " + p.name()
                    + " must be a date (yyyy-MM-dd) or a date and time (yyyy-MM-ddTHH:mm:ss+0000); got '" + echo(text)
                    + "'");
        }
    }

    /**
     * Collects {@code name[i].field=value} entries. With {@code key}/{@code value} fields each index
     * is one entry (CloudStack's details form); otherwise every field is an entry of its own.
     */
    private static Map<String, String> mapValue(ParamSpec p, Map<String, String> raw) throws ApiException {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (!e.getKey().startsWith(p.name() + "[")) {
                continue;
            }
            Matcher m = MAP_KEY.matcher(e.getKey());
            if (!m.matches() || !m.group(1).equals(p.name())) {
                throw ApiException.invalidParameter("Parameter " + p.name() + " is a map: send it as "
                        + p.name() + "[0].key=NAME&" + p.name() + "[0].value=VALUE; got '" + echo(e.getKey()) + "'");
            }
            byIndex.computeIfAbsent(Integer.parseInt(m.group(2)), i -> new LinkedHashMap<>())
                    .put(m.group(3).toLowerCase(Locale.ROOT), e.getValue());
        }
        if (byIndex.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> entry : byIndex.values()) {
            if (entry.containsKey("key")) {
                out.put(entry.get("key"), entry.getOrDefault("value", ""));
            } else {
                out.putAll(entry);
            }
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            checkCharacters(p, e.getKey());
            checkCharacters(p, e.getValue());
            if (p.maxLength() != null && e.getValue().length() > p.maxLength()) {
                throw ApiException.invalidParameter("Parameter " + p.name() + " entry " + echo(e.getKey()) + " is "
                        + e.getValue().length() + " characters long; at most " + p.maxLength() + " are allowed");
            }
        }
        return out;
    }

    private static String describeType(ParamSpec p) {
        return p.type() == ParamType.LIST ? "list of " + p.elementType().apiName() : p.type().apiName();
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
