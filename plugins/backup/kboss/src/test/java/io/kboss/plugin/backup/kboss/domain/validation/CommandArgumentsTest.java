package io.kboss.plugin.backup.kboss.domain.validation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class CommandArgumentsTest {

    @Test
    public void plainWordsAreSplitOnAnyRunOfWhitespace() {
        assertEquals(List.of("-c", "sha256sum", "/data/file"),
                CommandArguments.parse("  -c \t sha256sum\n/data/file "));
        assertEquals(List.of(), CommandArguments.parse(null));
        assertEquals(List.of(), CommandArguments.parse("   "));
    }

    @Test
    public void singleQuotesKeepEveryCharacterLiterallyInOneArgument() {
        assertEquals(List.of("-c", "md5sum /data/a b | cut -f1 \\n \"$HOME\""),
                CommandArguments.parse("-c 'md5sum /data/a b | cut -f1 \\n \"$HOME\"'"));
    }

    @Test
    public void doubleQuotesKeepSpacesAndUnescapeOnlyQuoteAndBackslash() {
        assertEquals(List.of("say \"hi\" \\ \\n"), CommandArguments.parse("\"say \\\"hi\\\" \\\\ \\n\""));
    }

    @Test
    public void aBackslashOutsideQuotesMakesTheNextCharacterLiteral() {
        assertEquals(List.of("a b", "'", "\""), CommandArguments.parse("a\\ b \\' \\\""));
    }

    @Test
    public void adjacentPartsFormOneArgumentAndEmptyQuotesAnEmptyArgument() {
        assertEquals(List.of("--name=x y", "", "z"), CommandArguments.parse("--name='x y' '' \"\"z"));
    }

    @Test
    public void shellCharactersAreOrdinaryText() {
        assertEquals(List.of("$(reboot)", ";", "*", ">/tmp/x"), CommandArguments.parse("$(reboot) ; * >/tmp/x"));
    }

    @Test
    public void anUnclosedQuoteOrATrailingBackslashIsRefusedSayingWhere() {
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.parse("-c 'echo"));
        assertTrue(single.getMessage(), single.getMessage().contains("single quote at character 4"));
        IllegalArgumentException dbl = assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.parse("\"a\\\""));
        assertTrue(dbl.getMessage(), dbl.getMessage().contains("double quote at character 1"));
        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.parse("a \\"));
        assertTrue(slash.getMessage(), slash.getMessage().contains("backslash"));
    }
}
