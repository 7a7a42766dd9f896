package io.kboss.server.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The declaration of one API command: everything the dispatcher checks before a handler runs and
 * everything {@code listApis} reports. Because listApis is generated from these declarations and
 * the validator reads nothing else, the two cannot drift apart.
 *
 * <pre>
 * CommandSpec.named("createZone")
 *     .description("Creates a zone.")
 *     .roles(Role.ROOT_ONLY)
 *     .param(ParamSpec.string("name").required().maxLength(255).description("the zone's name"))
 *     .responseObject("zone")
 *     .build();
 * </pre>
 *
 * {@link Builder#listCommand()} adds CloudStack's {@code page}, {@code pagesize} and {@code keyword}.
 */
public final class CommandSpec {
    /** CloudStack's default page size (its {@code default.page.size}). */
    public static final int DEFAULT_PAGE_SIZE = 500;
    /** The most items one list answer holds, also with {@code pagesize=-1} ("all"). */
    public static final int MAX_PAGE_SIZE = 10_000;

    private final String name;
    private final String description;
    private final String since;
    private final Set<Role> roles;
    private final Map<String, ParamSpec> params;
    private final boolean list;
    private final String responseObject;
    private final List<ResponseField> responseFields;
    private final boolean authenticated;

    private CommandSpec(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.since = b.since;
        this.roles = Collections.unmodifiableSet(EnumSet.copyOf(b.roles));
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.list = b.list;
        this.responseObject = b.responseObject;
        this.responseFields = List.copyOf(b.responseFields);
        this.authenticated = b.authenticated;
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The command name as clients send it, e.g. {@code createZone}. */
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String since() {
        return since;
    }

    public Set<Role> roles() {
        return roles;
    }

    /** Parameters by name, in declaration order. */
    public Map<String, ParamSpec> params() {
        return params;
    }

    public boolean isList() {
        return list;
    }

    /** The name the response object is wrapped in (e.g. {@code zone}), or null. */
    public String responseObject() {
        return responseObject;
    }

    public List<ResponseField> responseFields() {
        return responseFields;
    }

    /** False only for commands callable without a session or signature ({@code login}). */
    public boolean requiresAuthentication() {
        return authenticated;
    }

    /** {@code <command lower-cased>response}, the key of every answer's envelope. */
    public String responseKey() {
        return responseKey(name);
    }

    public static String responseKey(String commandName) {
        return commandName.toLowerCase(Locale.ROOT) + "response";
    }

    public static final class Builder {
        private final String name;
        private String description = "";
        private String since;
        private Set<Role> roles = Role.ALL;
        private final Map<String, ParamSpec> params = new LinkedHashMap<>();
        private boolean list;
        private String responseObject;
        private final List<ResponseField> responseFields = new ArrayList<>();
        private boolean authenticated = true;

        private Builder(String name) {
            if (name == null || !name.matches("[a-zA-Z][a-zA-Z0-9]*")) {
                throw new IllegalArgumentException(
                        "A command name is letters and digits, e.g. createZone: '" + name + "'");
            }
            this.name = name;
        }

        public Builder description(String text) {
            this.description = Objects.requireNonNull(text);
            return this;
        }

        public Builder since(String version) {
            this.since = version;
            return this;
        }

        /** Who may call the command; all roles unless restricted. */
        public Builder roles(Set<Role> allowed) {
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException(name + ": at least one role must be allowed");
            }
            this.roles = allowed;
            return this;
        }

        public Builder param(ParamSpec p) {
            if (params.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException(name + " declares parameter '" + p.name() + "' twice");
            }
            return this;
        }

        /** A list command: adds {@code page}, {@code pagesize} and {@code keyword}. */
        public Builder listCommand() {
            this.list = true;
            param(ParamSpec.string("keyword").maxLength(255).description("List by keyword"));
            param(ParamSpec.integer("page").min(1).max(Integer.MAX_VALUE).description("The page to return, from 1"));
            param(ParamSpec.integer("pagesize").min(Paging.ALL).max(MAX_PAGE_SIZE)
                    .description("The number of items per page (default " + DEFAULT_PAGE_SIZE + ", at most "
                            + MAX_PAGE_SIZE + "); -1 for all items, at most " + MAX_PAGE_SIZE
                            + ". Send page and pagesize together"));
            return this;
        }

        /** Callable without credentials; for {@code login} only. */
        public Builder withoutAuthentication() {
            this.authenticated = false;
            return this;
        }

        public Builder responseObject(String objectName) {
            this.responseObject = objectName;
            return this;
        }

        public Builder responseField(String fieldName, String type, String fieldDescription) {
            responseFields.add(new ResponseField(fieldName, type, fieldDescription));
            return this;
        }

        public CommandSpec build() {
            if (description.isBlank()) {
                throw new IllegalArgumentException(name + ": every command needs a description (listApis shows it)");
            }
            for (ParamSpec p : params.values()) {
                if (p.description().isBlank()) {
                    throw new IllegalArgumentException(
                            name + ": parameter '" + p.name() + "' needs a description (listApis shows it)");
                }
            }
            return new CommandSpec(this);
        }
    }
}
