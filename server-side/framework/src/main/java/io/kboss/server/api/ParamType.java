package io.kboss.server.api;

/** The parameter types a command may declare, named as CloudStack's {@code listApis} names them. */
public enum ParamType {
    STRING("string"), BOOLEAN("boolean"), INTEGER("integer"), LONG("long"), UUID("uuid"),
    /** {@code yyyy-MM-dd}, or ISO-8601 date and time with a zone offset. */
    DATE("date"),
    /** Comma-separated values of {@link ParamSpec#elementType()}. */
    LIST("list"),
    /** CloudStack's {@code name[0].key=k&name[0].value=v} form (or {@code name[0].field=v}). */
    MAP("map");

    private final String apiName;

    ParamType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
