package io.kboss.agent.http;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.Test;

public class RefusalLogTest {
    @Test
    public void aFloodOfRefusalsWritesOneLineAMinute() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        RefusalLog log = new RefusalLog(clock);

        assertTrue(log.refused("POST", "/x", "10.0.0.9"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(log.refused("POST", "/x", "10.0.0.9"));
        }
        now[0] = now[0].plusSeconds(61);
        assertTrue(log.refused("POST", "/x", "10.0.0.9"));
    }
}
