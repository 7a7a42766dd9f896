package io.kboss.server.settings.domain;

/** The value types a setting may have, named as CloudStack's listConfigurations shows them. */
public enum SettingType {
    BOOLEAN("Boolean", Boolean.class), INTEGER("Integer", Integer.class), LONG("Long", Long.class), DOUBLE("Double",
            Double.class), STRING("String", String.class);

    private final String apiName;
    private final Class<?> javaType;

    SettingType(String apiName, Class<?> javaType) {
        this.apiName = apiName;
        this.javaType = javaType;
    }

    public String apiName() {
        return apiName;
    }

    public Class<?> javaType() {
        return javaType;
    }
}
