package io.kboss.plugin.backup.kboss.offering.jdbc;

import java.util.regex.Pattern;

/**
 * An SQL LIKE pattern ({@code %} any run, {@code _} one character, {@code \} escapes the next one)
 * matched in Java as MariaDB matches it under the tables' case-insensitive collation, so filtering
 * the in-memory offerings gives the rows the SQL filter gave.
 */
final class LikePattern {
    private final Pattern regex;

    private LikePattern(Pattern regex) {
        this.regex = regex;
    }

    static LikePattern of(String like) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                literal.append(like.charAt(++i));
            } else if (c == '%' || c == '_') {
                re.append(Pattern.quote(literal.toString())).append(c == '%' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        re.append(Pattern.quote(literal.toString()));
        return new LikePattern(Pattern.compile(re.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
    }

    boolean matches(String text) {
        return text != null && regex.matcher(text).matches();
    }
}
