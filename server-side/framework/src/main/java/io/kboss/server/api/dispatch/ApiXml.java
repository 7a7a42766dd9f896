package io.kboss.server.api.dispatch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * Writes an answer in CloudStack's XML shape, the one its clients get when they send
 * {@code response=xml} or no {@code response} at all. The shape follows from the JSON envelope by
 * one rule, so every command answers in both formats without its own code:
 *
 * <ul>
 *   <li>the root element is the envelope's key ({@code listzonesresponse}) with the attribute
 *       {@code cloud-stack-version};</li>
 *   <li>each member of an object is an element named after the member;</li>
 *   <li>an array repeats its member's element once per item, with no wrapper
 *       ({@code <count>2</count><zone>...</zone><zone>...</zone>});</li>
 *   <li>null members are left out, as they are in JSON.</li>
 * </ul>
 *
 * That yields CloudStack's forms: a list's {@code count} then its items, a created object wrapped
 * in its name, an async answer's bare {@code jobid}, an error's {@code errorcode}, {@code cserrorcode}
 * and {@code errortext}, and a job's {@code <jobresult><backup>...</backup></jobresult>}.
 *
 * <p>Text is escaped for XML; characters XML 1.0 cannot carry (most control characters, lone
 * surrogates) become U+FFFD, so the document is always well-formed.
 */
public final class ApiXml {
    public static final String CONTENT_TYPE = "text/xml; charset=UTF-8";

    private ApiXml() {
    }

    /**
     * @param responseKey the root element, e.g. {@code listzonesresponse}
     * @param body the envelope's content (an object; anything else is written as the root's text)
     * @param cloudStackVersion the value of {@code cloud-stack-version}
     */
    public static String document(String responseKey, JsonElement body, String cloudStackVersion) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        String root = elementName(responseKey);
        out.append('<').append(root).append(" cloud-stack-version=\"");
        text(out, cloudStackVersion);
        out.append("\">");
        if (body != null && body.isJsonObject()) {
            members(out, body.getAsJsonObject());
        } else if (body != null && body.isJsonPrimitive()) {
            text(out, primitive(body.getAsJsonPrimitive()));
        }
        out.append("</").append(root).append('>');
        return out.toString();
    }

    private static void members(StringBuilder out, JsonObject o) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            element(out, elementName(e.getKey()), e.getValue());
        }
    }

    private static void element(StringBuilder out, String name, JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return;
        }
        if (value.isJsonArray()) {
            for (JsonElement item : value.getAsJsonArray()) {
                element(out, name, item);
            }
            return;
        }
        out.append('<').append(name).append('>');
        if (value.isJsonObject()) {
            members(out, value.getAsJsonObject());
        } else {
            text(out, primitive(value.getAsJsonPrimitive()));
        }
        out.append("</").append(name).append('>');
    }

    private static String primitive(JsonPrimitive p) {
        return p.isString() ? p.getAsString() : p.toString();
    }

    private static void text(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' :
                    out.append("&amp;");
                    break;
                case '<' :
                    out.append("&lt;");
                    break;
                case '>' :
                    out.append("&gt;");
                    break;
                case '"' :
                    out.append("&quot;");
                    break;
                case '\'' :
                    out.append("&apos;");
                    break;
                default :
                    if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (allowedInXml(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
            }
        }
    }

    /** XML 1.0's Char production, for one UTF-16 unit that is not part of a surrogate pair. */
    private static boolean allowedInXml(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    /**
     * Member names are API field names (lower-case letters and digits), always valid element names;
     * anything else is made one by replacing what XML does not allow in a name with '_'.
     */
    static String elementName(String key) {
        if (key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            return key;
        }
        StringBuilder b = new StringBuilder(key.length() + 1);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '.' || c == '-';
            b.append(ok ? c : '_');
        }
        if (b.length() == 0 || !Character.isLetter(b.charAt(0)) && b.charAt(0) != '_') {
            b.insert(0, '_');
        }
        return b.toString();
    }
}
