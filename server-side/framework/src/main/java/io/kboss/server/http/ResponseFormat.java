package io.kboss.server.http;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.dispatch.ApiAnswer;
import io.kboss.server.api.dispatch.ApiXml;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code response} parameter: {@code json}, or {@code xml}, CloudStack's default when the
 * parameter is absent (a client that forgets {@code response=json} gets XML, as from CloudStack).
 */
enum ResponseFormat {
    JSON(ApiServlet.JSON_CONTENT_TYPE), XML(ApiXml.CONTENT_TYPE);

    private static final Pattern JSON_IN_QUERY = Pattern.compile("(?i)(^|&)response=json(&|$)");

    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    String render(ApiAnswer answer) {
        return this == JSON ? answer.json() : answer.xml();
    }

    /**
     * @param value the {@code response} parameter as sent, or null
     * @throws ApiException 431 for any other value (answered in XML, the default)
     */
    static ResponseFormat of(String value) throws ApiException {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("xml")) {
            return XML;
        }
        if (value.equalsIgnoreCase("json")) {
            return JSON;
        }
        throw ApiException.invalidParameter("Parameter response must be json or xml (xml when absent); got '"
                + (value.length() > 32 ? value.substring(0, 32) + "..." : value) + "'");
    }

    /** The format asked for in a query string that could not be parsed as a whole; XML unless it says json. */
    static ResponseFormat guess(String queryString) {
        return queryString != null && JSON_IN_QUERY.matcher(queryString.toLowerCase(Locale.ROOT)).find() ? JSON : XML;
    }
}
