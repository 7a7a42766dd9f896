package io.kboss.plugin.backup.kboss.domain.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@code backupValidationCommandArguments} becomes the argument list the guest agent passes to the
 * command (guest-exec runs the program itself: no shell ever sees the text). The rule, a small subset of a
 * POSIX shell's word splitting with no expansion of any kind:
 *
 * <ul>
 * <li>arguments are separated by spaces, tabs or line breaks (several count as one);</li>
 * <li>inside single quotes every character is literal ({@code 'a b'} is one argument {@code a b});</li>
 * <li>inside double quotes every character is literal except a backslash before {@code "} or {@code \},
 * which stands for that character;</li>
 * <li>outside quotes a backslash makes the next character literal ({@code a\ b} is {@code a b});</li>
 * <li>quoted parts and plain text next to each other make one argument ({@code --name='x y'});
 * {@code ''} or {@code ""} alone is an empty argument;</li>
 * <li>{@code $}, {@code *}, {@code ;}, {@code |}, {@code >} and the like are ordinary characters.</li>
 * </ul>
 *
 * A quote left open, or a backslash at the very end, is refused with where it happened: guessing would run
 * a command the owner did not write.
 */
public final class CommandArguments {
    private CommandArguments() {
    }

    /** The arguments {@code text} stands for; an empty list for null or blank text. */
    public static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException(unclosed("single", i));
                }
                word.append(text, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException(unclosed("double", i));
                    }
                    char d = text.charAt(j);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && j + 1 < n && (text.charAt(j + 1) == '"' || text.charAt(j + 1) == '\\')) {
                        word.append(text.charAt(j + 1));
                        j += 2;
                    } else {
                        word.append(d);
                        j++;
                    }
                }
                inWord = true;
                i = j + 1;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("it ends with a backslash that escapes nothing (character "
                            + (i + 1) + "); write \\\\ for a backslash");
                }
                word.append(text.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    private static String unclosed(String kind, int at) {
        return "the " + kind + " quote at character " + (at + 1) + " is never closed; close it, or escape it with a "
                + "backslash to mean the character itself";
    }
}
