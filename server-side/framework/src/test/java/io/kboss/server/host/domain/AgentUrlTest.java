package io.kboss.server.host.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class AgentUrlTest {

    @Test
    public void spellingsOfOneAgentNormalizeToOneUrl() throws Exception {
        assertEquals("http://10.0.0.5:8250", AgentUrl.parse("10.0.0.5").toString());
        assertEquals("http://10.0.0.5:8250", AgentUrl.parse(" http://10.0.0.5:8250/ ").toString());
        assertEquals("http://kvm1:9000", AgentUrl.parse("HTTP://KVM1:9000").toString());
    }

    @Test
    public void otherSchemesPathsAndCredentialsAreRefusedSayingWhatIsExpected() {
        for (String bad : new String[]{"https://kvm1:8250", "http://kvm1:8250/kboss", "http://u:p@kvm1:8250",
                "http://"}) {
            InvalidAgentUrlException e = assertThrows(bad, InvalidAgentUrlException.class, () -> AgentUrl.parse(bad));
            assertTrue(e.getMessage(), e.getMessage().contains("Expected http://address:port"));
        }
    }
}
