package io.kboss.server.settings.domain;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A typed setting, like CloudStack's ConfigKey: name, category, type, default, the most specific
 * scope it may be set at, whether a change takes effect without restart, and its limits. A value
 * can always be set globally; a ZONE key also per zone, a CLUSTER key per cluster, and an ACCOUNT
 * key per account (resolution still walks account → cluster → zone → global for every key, so a
 * key only ever finds values at the scopes it allows).
 *
 * <pre>
 * SettingDefinition.integer("backup.chain.size", 8).category("Backup").scope(SettingScope.ZONE)
 *     .description("...").build();
 * </pre>
 */
public final class SettingDefinition<T> {
    private final String name;
    private final String category;
    private final SettingType type;
    private final T defaultValue;
    private final SettingScope scope;
    private final boolean dynamic;
    private final String description;
    private final Double min;
    private final Double max;
    private final List<String> allowedValues;
    private final Supplier<Collection<String>> allowedValuesSupplier;

    private SettingDefinition(Builder<T> b) {
        this.name = b.name;
        this.category = b.category;
        this.type = b.type;
        this.defaultValue = b.defaultValue;
        this.scope = b.scope;
        this.dynamic = b.dynamic;
        this.description = b.description;
        this.min = b.min;
        this.max = b.max;
        this.allowedValues = b.allowedValues;
        this.allowedValuesSupplier = b.allowedValuesSupplier;
    }

    public static Builder<Boolean> bool(String name, boolean defaultValue) {
        return new Builder<>(name, SettingType.BOOLEAN, defaultValue);
    }

    public static Builder<Integer> integer(String name, int defaultValue) {
        return new Builder<>(name, SettingType.INTEGER, defaultValue);
    }

    public static Builder<Long> longValue(String name, long defaultValue) {
        return new Builder<>(name, SettingType.LONG, defaultValue);
    }

    public static Builder<Double> decimal(String name, double defaultValue) {
        return new Builder<>(name, SettingType.DOUBLE, defaultValue);
    }

    public static Builder<String> string(String name, String defaultValue) {
        return new Builder<>(name, SettingType.STRING, defaultValue);
    }

    public String name() {
        return name;
    }

    public String category() {
        return category;
    }

    public SettingType type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The most specific scope a value may be set at (besides GLOBAL, always allowed). */
    public SettingScope scope() {
        return scope;
    }

    public boolean isDynamic() {
        return dynamic;
    }

    public String description() {
        return description;
    }

    public boolean allowsScope(SettingScope s) {
        return s == SettingScope.GLOBAL || s == scope;
    }

    /** The default as text, the way values are stored. */
    public String defaultText() {
        return defaultValue == null ? null : format(defaultValue);
    }

    public String format(T value) {
        return String.valueOf(value);
    }

    /**
     * Converts stored or submitted text to the setting's type and checks its limits.
     *
     * @throws InvalidSettingValueException saying which values are allowed
     */
    @SuppressWarnings("unchecked")
    public T parse(String text) throws InvalidSettingValueException {
        if (text == null) {
            throw new InvalidSettingValueException("Setting " + name + " needs a value (" + expectation() + ")");
        }
        String t = text.trim();
        Object value;
        try {
            switch (type) {
                case BOOLEAN :
                    if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                        throw new NumberFormatException();
                    }
                    value = Boolean.valueOf(t);
                    break;
                case INTEGER :
                    value = Integer.valueOf(t);
                    break;
                case LONG :
                    value = Long.valueOf(t);
                    break;
                case DOUBLE :
                    double d = Double.parseDouble(t);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    value = d;
                    break;
                default :
                    value = text;
            }
        } catch (NumberFormatException e) {
            throw new InvalidSettingValueException("Setting " + name + " is " + expectation() + "; '"
                    + shorten(text) + "' is not");
        }
        if (value instanceof Number) {
            double n = ((Number) value).doubleValue();
            if ((min != null && n < min) || (max != null && n > max)) {
                throw new InvalidSettingValueException(
                        "Setting " + name + " is " + expectation() + "; " + t + " is out of range");
            }
        }
        Collection<String> allowed = allowedValues();
        if (!allowed.isEmpty()) {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(t)) {
                    return (T) (type == SettingType.STRING ? a : value);
                }
            }
            throw new InvalidSettingValueException("Setting " + name + " must be one of " + String.join(", ", allowed)
                    + "; '" + shorten(text) + "' is not");
        }
        return (T) value;
    }

    public Collection<String> allowedValues() {
        return allowedValuesSupplier != null ? allowedValuesSupplier.get() : allowedValues;
    }

    /** "an Integer from 1 to 10", used in every refusal so the user learns what fits. */
    public String expectation() {
        String article = type == SettingType.INTEGER ? "an " : "a ";
        StringBuilder s = new StringBuilder(article).append(type.apiName());
        if (type == SettingType.BOOLEAN) {
            return "a Boolean (true or false)";
        }
        if (min != null && max != null) {
            s.append(" from ").append(number(min)).append(" to ").append(number(max));
        } else if (min != null) {
            s.append(" of at least ").append(number(min));
        } else if (max != null) {
            s.append(" of at most ").append(number(max));
        }
        return s.toString();
    }

    private String number(double d) {
        return type == SettingType.DOUBLE ? Double.toString(d) : Long.toString((long) d);
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    public static final class Builder<T> {
        private final String name;
        private final SettingType type;
        private final T defaultValue;
        private String category = "Advanced";
        private SettingScope scope = SettingScope.GLOBAL;
        private boolean dynamic = true;
        private String description = "";
        private Double min;
        private Double max;
        private List<String> allowedValues = List.of();
        private Supplier<Collection<String>> allowedValuesSupplier;

        private Builder(String name, SettingType type, T defaultValue) {
            if (name == null || !name.matches("[a-z0-9]+([._-][a-z0-9]+)*")) {
                throw new IllegalArgumentException("Setting names are lower-case words joined by dots: '" + name + "'");
            }
            this.name = name;
            this.type = type;
            this.defaultValue = defaultValue;
        }

        public Builder<T> category(String value) {
            this.category = Objects.requireNonNull(value);
            return this;
        }

        public Builder<T> scope(SettingScope value) {
            this.scope = Objects.requireNonNull(value);
            return this;
        }

        /** False when a change needs a restart to take effect (shown as {@code isdynamic}). */
        public Builder<T> dynamic(boolean value) {
            this.dynamic = value;
            return this;
        }

        public Builder<T> description(String value) {
            this.description = Objects.requireNonNull(value);
            return this;
        }

        public Builder<T> min(double value) {
            this.min = value;
            return this;
        }

        public Builder<T> max(double value) {
            this.max = value;
            return this;
        }

        public Builder<T> allowedValues(String... values) {
            this.allowedValues = List.of(values);
            return this;
        }

        /** Allowed values known only at run time (e.g. the registered backup providers). */
        public Builder<T> allowedValues(Supplier<Collection<String>> supplier) {
            this.allowedValuesSupplier = supplier;
            return this;
        }

        public SettingDefinition<T> build() {
            if (description.isBlank()) {
                throw new IllegalArgumentException(
                        "Setting " + name + " needs a description (listConfigurations shows it)");
            }
            if (type == SettingType.STRING && defaultValue != null && !(defaultValue instanceof String)) {
                throw new IllegalArgumentException("Setting " + name + ": default is not a String");
            }
            return new SettingDefinition<>(this);
        }
    }

    @Override
    public String toString() {
        return name + " (" + type.apiName() + ", " + scope.name().toLowerCase(Locale.ROOT) + ")";
    }
}
