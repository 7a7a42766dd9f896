package io.kboss.agent.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.contract.ListJobsAnswer;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.contract.Protocol;
import io.kboss.agent.contract.auth.ChannelSignature;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.contract.client.PairingResult;
import io.kboss.agent.support.TestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The agent channel over real HTTP: who gets in and who gets a bare 401. */
public class ChannelSecurityTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestAgent agent;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final String LIST_JOBS = Protocol.PATH_PREFIX + ListJobsCommand.NAME;

    @Before
    public void startAgent() throws Exception {
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
    }

    @After
    public void stopAgent() throws Exception {
        agent.close();
    }

    @Test
    public void thePairedServerRunsCommandsAndTheKeyIsKeptInAPrivateFile() throws Exception {
        String code = agent.pairingCode();
        PairingResult paired = AgentClient.pair(agent.uri(), code, "ms-1", Duration.ofSeconds(5), Clock.systemUTC());

        ListJobsAnswer answer = agent.client(paired.channelKey(), Clock.systemUTC()).execute(new ListJobsCommand());

        assertTrue(answer.success);
        assertEquals(agent.agent.pairing().agentId(), paired.agentId());
        Path key = agent.stateDir.resolve("channel-key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertFalse("the used pairing code is forgotten", Files.exists(agent.stateDir.resolve("pairing-secret")));
        assertArrayEquals(paired.channelKey(), agent.agent.pairing().channelKey().orElseThrow());
        assertFalse(paired.toString().contains(java.util.Base64.getEncoder().encodeToString(paired.channelKey())));
    }

    @Test
    public void aSecondPairingWithTheSameCodeIsRefusedAndTheFirstServerKeepsItsKey() throws Exception {
        String code = agent.pairingCode();
        PairingResult first = AgentClient.pair(agent.uri(), code, "ms-1", Duration.ofSeconds(5), Clock.systemUTC());

        AgentCallException refused = expectRefusal(
                () -> AgentClient.pair(agent.uri(), code, "intruder", Duration.ofSeconds(5), Clock.systemUTC()));

        assertTrue(refused.isAuthenticationFailure());
        assertTrue(agent.client(first.channelKey(), Clock.systemUTC()).execute(new ListJobsCommand()).success);
    }

    @Test
    public void aStrangerWithAGuessedKeyGetsABare401() throws Exception {
        agent.pairedClient();
        byte[] strangerKey = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = send(strangerKey, LIST_JOBS, System.currentTimeMillis(), nonce(), "{}", null);

        assertEquals(401, r.statusCode());
        assertEquals("", r.body());
        assertTrue(r.headers().firstValue(Protocol.HEADER_SIGNATURE).isEmpty());
    }

    @Test
    public void anUnsignedRequestAndAnUnpairedAgentRefuseEverything() throws Exception {
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(agent.uri().resolve(LIST_JOBS))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unsigned.statusCode());
        // Signed with the pairing code, but for a command other than pair: still nothing.
        byte[] code = io.kboss.agent.contract.auth.PairingCode.parse(agent.pairingCode());
        assertEquals(401, send(code, LIST_JOBS, System.currentTimeMillis(), nonce(), "{}", null).statusCode());
    }

    @Test
    public void aReplayedRequestIsRefusedEvenThoughItsSignatureIsValid() throws Exception {
        byte[] key = pairAndGetKey();
        long ts = System.currentTimeMillis();
        String nonce = nonce();

        HttpResponse<String> first = send(key, LIST_JOBS, ts, nonce, "{}", null);
        HttpResponse<String> replay = send(key, LIST_JOBS, ts, nonce, "{}", null);

        assertEquals(200, first.statusCode());
        assertEquals(401, replay.statusCode());
        assertEquals("", replay.body());
    }

    @Test
    public void aTamperedBodyIsRefused() throws Exception {
        byte[] key = pairAndGetKey();
        long ts = System.currentTimeMillis();
        String nonce = nonce();
        String signature = ChannelSignature.signRequest(key, "POST", LIST_JOBS, ts, nonce,
                "{\"activeOnly\":false}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> r = send(key, LIST_JOBS, ts, nonce, "{\"activeOnly\":true}", signature);

        assertEquals(401, r.statusCode());
    }

    @Test
    public void aRequestWithAnExpiredTimestampIsRefusedAndTheClientSaysWhy() throws Exception {
        byte[] key = pairAndGetKey();
        Clock tenMinutesBehind = Clock.fixed(Instant.now().minusSeconds(600), ZoneOffset.UTC);

        AgentCallException e = expectRefusal(() -> agent.client(key, tenMinutesBehind).execute(new ListJobsCommand()));

        assertTrue(e.isAuthenticationFailure());
        assertTrue(e.getMessage(), e.getMessage().contains("clocks differ"));
        long future = System.currentTimeMillis() + 400_000;
        assertEquals(401, send(key, LIST_JOBS, future, nonce(), "{}", null).statusCode());
    }

    @Test
    public void anAnswerThatIsNotSignedByTheAgentIsRejectedByTheClient() throws Exception {
        byte[] key = pairAndGetKey();
        byte[] otherKey = new byte[32];

        AgentCallException e = expectRefusal(() -> agent.client(otherKey, Clock.systemUTC())
                .execute(new ListJobsCommand()));
        assertTrue(e.isAuthenticationFailure());

        // A man in the middle that forwards a valid request but swaps the answer is caught too.
        long ts = System.currentTimeMillis();
        String nonce = nonce();
        HttpResponse<String> real = send(key, LIST_JOBS, ts, nonce, "{}", null);
        String sig = real.headers().firstValue(Protocol.HEADER_SIGNATURE).orElseThrow();
        String forged = real.body().replace("\"success\":true", "\"success\":false");
        assertTrue(ChannelSignature.matches(ChannelSignature.signResponse(key, nonce, 200,
                real.body().getBytes(StandardCharsets.UTF_8)), sig));
        assertFalse(ChannelSignature.matches(ChannelSignature.signResponse(key, nonce, 200,
                forged.getBytes(StandardCharsets.UTF_8)), sig));
    }

    @Test
    public void aLocalResetAllowsANewPairingAndLocksOutTheOldServer() throws Exception {
        byte[] oldKey = pairAndGetKey();
        agent.close();
        String newCode = io.kboss.agent.pairing.Pairing.open(agent.stateDir, new java.security.SecureRandom()).reset();
        agent = new TestAgent(agent.stateDir);

        PairingResult second = AgentClient.pair(agent.uri(), newCode, "ms-2", Duration.ofSeconds(5), Clock.systemUTC());

        assertTrue(agent.client(second.channelKey(), Clock.systemUTC()).execute(new ListJobsCommand()).success);
        AgentCallException e = expectRefusal(
                () -> agent.client(oldKey, Clock.systemUTC()).execute(new ListJobsCommand()));
        assertTrue(e.isAuthenticationFailure());
    }

    @Test
    public void anUnknownCommandFromThePairedServerIsASigned404() throws Exception {
        byte[] key = pairAndGetKey();
        HttpResponse<String> r = send(key, Protocol.PATH_PREFIX + "format-host", System.currentTimeMillis(), nonce(),
                "{}", null);
        assertEquals(404, r.statusCode());
        assertNotNull(r.headers().firstValue(Protocol.HEADER_SIGNATURE).orElse(null));
        assertTrue(r.body(), r.body().contains("no command 'format-host'"));
    }

    private byte[] pairAndGetKey() throws Exception {
        return AgentClient.pair(agent.uri(), agent.pairingCode(), "ms-1", Duration.ofSeconds(5), Clock.systemUTC())
                .channelKey();
    }

    private HttpResponse<String> send(byte[] key, String path, long ts, String nonce, String body, String signature)
            throws Exception {
        String sig = signature != null
                ? signature
                : ChannelSignature.signRequest(key, "POST", path, ts, nonce, body.getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(agent.uri() + path))
                .header(Protocol.HEADER_TIMESTAMP, Long.toString(ts)).header(Protocol.HEADER_NONCE, nonce)
                .header(Protocol.HEADER_SIGNATURE, sig).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    interface Call {
        Object run() throws Exception;
    }

    private static AgentCallException expectRefusal(Call call) throws Exception {
        try {
            call.run();
        } catch (AgentCallException e) {
            return e;
        }
        fail("the agent should have refused");
        return null;
    }
}
