package io.kboss.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a schema script into statements at semicolons that are outside quotes and comments.
 *
 * <p>Understood: {@code '...'} and {@code "..."} strings (backslash escapes and doubled quotes),
 * {@code `...`} identifiers, {@code -- } and {@code #} line comments, {@code /* ... *&#47;} block
 * comments. Comments stay in the statement text sent to the server; a chunk holding nothing but
 * comments and blanks is dropped.
 *
 * <p>Not supported, on purpose (the scripts are plain DDL/DML): the client-side {@code DELIMITER}
 * command and compound statements whose bodies contain semicolons (stored procedures, functions,
 * triggers, events with {@code BEGIN ... END}). A script starting a statement with
 * {@code DELIMITER} is refused rather than split wrongly; a {@code BEGIN ... END} body would be cut
 * at its first inner semicolon and fail on the server with the statement named in the error.
 */
final class StatementSplitter {

    /** One statement of a script and the line (1-based) where its first token is. */
    record Statement(String sql, int line) {
    }

    private StatementSplitter() {
    }

    static List<Statement> split(String scriptName, String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int firstTokenLine = -1;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-' && (i + 2 >= n || Character.isWhitespace(script.charAt(i + 2)))
                    || c == '#') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw unterminated(scriptName, "comment", line);
                }
                String comment = script.substring(i, end + 2);
                current.append(comment);
                line += count(comment, '\n');
                i = end + 2;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                if (firstTokenLine < 0) {
                    firstTokenLine = line;
                }
                int end = endOfQuoted(script, i, c);
                if (end < 0) {
                    throw unterminated(scriptName, c == '`' ? "identifier" : "string", line);
                }
                String quoted = script.substring(i, end + 1);
                current.append(quoted);
                line += count(quoted, '\n');
                i = end + 1;
                continue;
            }
            if (c == ';') {
                addIfNotBlank(statements, current, firstTokenLine, scriptName);
                current.setLength(0);
                firstTokenLine = -1;
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (firstTokenLine < 0 && !Character.isWhitespace(c)) {
                firstTokenLine = line;
            }
            current.append(c);
            i++;
        }
        addIfNotBlank(statements, current, firstTokenLine, scriptName);
        return statements;
    }

    /** Index of the closing quote, or -1. A backslash escapes the next character; a doubled quote is one. */
    private static int endOfQuoted(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    private static void addIfNotBlank(List<Statement> out, StringBuilder sql, int line, String scriptName) {
        if (line < 0) {
            return;
        }
        String text = sql.toString().strip();
        String head = text.replaceFirst("^(\\s|--[^\n]*\n|#[^\n]*\n|/\\*(?s:.*?)\\*/)*", "");
        if (head.toUpperCase(Locale.ROOT).startsWith("DELIMITER")) {
            throw new SchemaUpgradeException(SchemaUpgradeException.Kind.INVALID_SCRIPTS,
                    scriptName + " line " + line + ": DELIMITER is a command of the mysql client, not SQL, and "
                            + "this upgrader does not support it; write plain statements ended by ';'.");
        }
        out.add(new Statement(text, line));
    }

    private static SchemaUpgradeException unterminated(String scriptName, String what, int line) {
        return new SchemaUpgradeException(SchemaUpgradeException.Kind.INVALID_SCRIPTS,
                scriptName + ": unterminated " + what + " starting on line " + line + "; close it.");
    }

    private static int count(String s, char c) {
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
