package io.kboss.server.settings.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.server.settings.domain.ScopeChain.ScopedKey;
import java.util.List;
import org.junit.Test;

public class SettingDefinitionTest {
    private static final SettingDefinition<Integer> CHAIN = SettingDefinition.integer("backup.chain.size", 8)
            .scope(SettingScope.ZONE).min(-1).max(100).description("chain").build();
    private static final SettingDefinition<String> LIB = SettingDefinition.string("backup.compression.library", "zstd")
            .scope(SettingScope.CLUSTER).allowedValues("zstd", "zlib").description("lib").build();

    @Test
    public void valuesAreParsedToTheirTypeAndRangeChecked() throws InvalidSettingValueException {
        assertEquals(Integer.valueOf(3), CHAIN.parse(" 3 "));
        assertTrue(assertThrows(InvalidSettingValueException.class, () -> CHAIN.parse("101")).getMessage()
                .contains("an Integer from -1 to 100"));
        assertTrue(assertThrows(InvalidSettingValueException.class, () -> CHAIN.parse("eight")).getMessage()
                .contains("'eight' is not"));
        assertEquals("zlib", LIB.parse("ZLIB"));
        assertTrue(assertThrows(InvalidSettingValueException.class, () -> LIB.parse("lz4")).getMessage()
                .contains("zstd, zlib"));
    }

    @Test
    public void booleansAcceptOnlyTrueOrFalse() throws InvalidSettingValueException {
        SettingDefinition<Boolean> b = SettingDefinition.bool("x.enabled", true).description("d").build();
        assertEquals(Boolean.FALSE, b.parse("FALSE"));
        assertThrows(InvalidSettingValueException.class, () -> b.parse("1"));
    }

    @Test
    public void lookupOrderIsAccountClusterZoneGlobalLimitedToTheKeysScope() {
        ScopeChain all = new ScopeChain(7L, 5L, 3L);
        assertEquals(List.of(new ScopedKey(SettingScope.ZONE, 3), ScopedKey.GLOBAL), all.lookupOrder(CHAIN));
        assertEquals(List.of(new ScopedKey(SettingScope.CLUSTER, 5), ScopedKey.GLOBAL), all.lookupOrder(LIB));
        SettingDefinition<Integer> perAccount = SettingDefinition.integer("a.b", 1).scope(SettingScope.ACCOUNT)
                .description("d").build();
        assertEquals(List.of(new ScopedKey(SettingScope.ACCOUNT, 7), ScopedKey.GLOBAL), all.lookupOrder(perAccount));
        assertEquals(List.of(ScopedKey.GLOBAL), ScopeChain.GLOBAL_ONLY.lookupOrder(CHAIN));
    }

    @Test
    public void aKeyAllowsGlobalAndItsOwnScopeOnly() {
        assertTrue(CHAIN.allowsScope(SettingScope.GLOBAL));
        assertTrue(CHAIN.allowsScope(SettingScope.ZONE));
        assertTrue(!CHAIN.allowsScope(SettingScope.CLUSTER));
    }
}
