package io.kboss.server.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One declared parameter of a command: what the validator checks and what {@code listApis} shows.
 * Build with the static factories and the chained setters, e.g.
 * {@code ParamSpec.string("name").required().maxLength(255).description("the zone's name")}.
 * Names are lower-case, as CloudStack's are.
 */
public final class ParamSpec {
    private final String name;
    private final ParamType type;
    private ParamType elementType = ParamType.STRING;
    private boolean required;
    private String description = "";
    private String since;
    private Integer maxLength;
    private Long min;
    private Long max;
    private List<String> allowedValues = List.of();
    private boolean emptyClears;

    private ParamSpec(String name, ParamType type) {
        Objects.requireNonNull(name, "name");
        if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isBlank()) {
            throw new IllegalArgumentException("Parameter names are lower-case and not blank: '" + name + "'");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
    }

    public static ParamSpec of(String name, ParamType type) {
        return new ParamSpec(name, type);
    }

    public static ParamSpec string(String name) {
        return new ParamSpec(name, ParamType.STRING);
    }

    public static ParamSpec bool(String name) {
        return new ParamSpec(name, ParamType.BOOLEAN);
    }

    public static ParamSpec integer(String name) {
        return new ParamSpec(name, ParamType.INTEGER);
    }

    public static ParamSpec longValue(String name) {
        return new ParamSpec(name, ParamType.LONG);
    }

    public static ParamSpec uuid(String name) {
        return new ParamSpec(name, ParamType.UUID);
    }

    public static ParamSpec date(String name) {
        return new ParamSpec(name, ParamType.DATE);
    }

    /** A comma-separated list whose elements have the given type (STRING, INTEGER, LONG or UUID). */
    public static ParamSpec list(String name, ParamType elementType) {
        if (elementType == ParamType.LIST || elementType == ParamType.MAP) {
            throw new IllegalArgumentException("List elements cannot be lists or maps: " + name);
        }
        ParamSpec p = new ParamSpec(name, ParamType.LIST);
        p.elementType = elementType;
        return p;
    }

    public static ParamSpec map(String name) {
        return new ParamSpec(name, ParamType.MAP);
    }

    public ParamSpec required() {
        this.required = true;
        return this;
    }

    public ParamSpec description(String text) {
        this.description = Objects.requireNonNull(text, "description");
        return this;
    }

    public ParamSpec since(String version) {
        this.since = version;
        return this;
    }

    /** Maximum length in characters of a string (or of each list element). */
    public ParamSpec maxLength(int length) {
        this.maxLength = length;
        return this;
    }

    /** Inclusive lower bound of an integer or long (or of each list element). */
    public ParamSpec min(long value) {
        this.min = value;
        return this;
    }

    /** Inclusive upper bound of an integer or long (or of each list element). */
    public ParamSpec max(long value) {
        this.max = value;
        return this;
    }

    /**
     * The only values accepted (compared without regard to case; handlers receive the declared
     * spelling). For a list, every element must be one of them.
     */
    public ParamSpec allowedValues(String... values) {
        this.allowedValues = Collections.unmodifiableList(new ArrayList<>(List.of(values)));
        return this;
    }

    /**
     * An empty value ({@code secretkey=}) reaches the command as an empty string or list instead of
     * counting as absent, so that an update can tell "clear it" from "leave it", as CloudStack's update
     * commands do. Only for optional string and list parameters.
     */
    public ParamSpec emptyClears() {
        if (type != ParamType.STRING && type != ParamType.LIST) {
            throw new IllegalArgumentException("Only string and list parameters can be cleared by an empty value: "
                    + name);
        }
        this.emptyClears = true;
        return this;
    }

    public String name() {
        return name;
    }

    public ParamType type() {
        return type;
    }

    public ParamType elementType() {
        return elementType;
    }

    public boolean isRequired() {
        return required;
    }

    public String description() {
        return description;
    }

    public String since() {
        return since;
    }

    public Integer maxLength() {
        return maxLength;
    }

    public Long min() {
        return min;
    }

    public Long max() {
        return max;
    }

    public List<String> allowedValues() {
        return allowedValues;
    }

    /** Whether an empty value is passed on as empty (see {@link #emptyClears()}) rather than as absent. */
    public boolean isEmptyClears() {
        return emptyClears && !required;
    }

    /**
     * Whether this parameter names something: a string parameter called {@code name} or
     * {@code account}, or ending in {@code name} ({@code username}, {@code clustername},
     * {@code newname}, ...). One rule for every
     * command, plugins' included: such values are one line of printable text, no control characters
     * at all (other strings may hold line breaks).
     */
    public boolean isName() {
        return type == ParamType.STRING && (name.endsWith("name") || name.equals("account"));
    }
}
