package io.kboss.agent.contract.client;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.PairAnswer;
import io.kboss.agent.contract.PairCommand;
import io.kboss.agent.contract.Protocol;
import io.kboss.agent.contract.WireJson;
import io.kboss.agent.contract.auth.ChannelSignature;
import io.kboss.agent.contract.auth.PairingCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the management server uses to talk to one agent. Every request is signed with the channel
 * key (see {@link ChannelSignature}); every answer must carry the agent's signature over our
 * nonce, or it is rejected. Thread-safe; one instance per agent.
 *
 * <p>A failed call throws {@link AgentCallException}; a call that reached the agent returns its
 * answer, whose {@code success} and {@code errorText} tell whether the command itself worked.
 */
public final class AgentClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI baseUri;
    private final byte[] channelKey;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param baseUri        e.g. {@code http://10.0.0.5:8250}
     * @param channelKey     from {@link #pair}
     * @param connectTimeout bound on opening the connection
     * @param requestTimeout bound on the whole exchange; job commands answer at once, so a few
     *                       seconds suit every command
     */
    public AgentClient(URI baseUri, byte[] channelKey, Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.baseUri = baseUri;
        this.channelKey = channelKey.clone();
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Pairs with an agent that printed {@code pairingCode}. Succeeds once per agent: afterwards the
     * agent refuses pairing until its operator resets it locally.
     */
    public static PairingResult pair(URI baseUri, String pairingCode, String serverId, Duration timeout, Clock clock)
            throws AgentCallException {
        byte[] secret = PairingCode.parse(pairingCode);
        PairCommand command = new PairCommand();
        command.serverId = serverId;
        command.serverNonce = PairingCode.newNonce(RANDOM);
        Exchange exchange = new AgentClient(baseUri, secret, timeout, timeout, clock).send(command);
        if (exchange.status != 200) {
            throw new AgentCallException("Pairing with the agent at " + baseUri + " failed with HTTP "
                    + exchange.status + ": " + exchange.body, false, null);
        }
        PairAnswer answer = WireJson.fromJson(exchange.body, PairAnswer.class);
        if (answer == null || !answer.success) {
            throw new AgentCallException("Pairing with the agent at " + baseUri + " failed: "
                    + (answer == null ? "empty answer" : answer.errorText), false, null);
        }
        byte[] key = PairingCode.deriveChannelKey(secret, command.serverNonce, answer.agentNonce);
        exchange.verifyWith(key);
        return new PairingResult(answer.agentId, answer.hostname, key);
    }

    public <A extends AgentAnswer> A execute(AgentCommand<A> command) throws AgentCallException {
        Exchange exchange = send(command);
        exchange.verifyWith(channelKey);
        A answer;
        try {
            answer = WireJson.fromJson(exchange.body, command.answerType());
        } catch (RuntimeException e) {
            throw new AgentCallException("The agent at " + baseUri + " answered " + command.commandName()
                    + " with something that is not a " + command.answerType().getSimpleName(), false, e);
        }
        if (answer == null) {
            throw new AgentCallException("The agent at " + baseUri + " answered " + command.commandName()
                    + " with an empty body", false, null);
        }
        return answer;
    }

    private Exchange send(AgentCommand<?> command) throws AgentCallException {
        String path = Protocol.PATH_PREFIX + command.commandName();
        byte[] body = WireJson.toJson(command).getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.millis();
        String nonce = PairingCode.newNonce(RANDOM);
        String signature = ChannelSignature.signRequest(channelKey, "POST", path, timestamp, nonce, body);
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve(path)).timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header(Protocol.HEADER_TIMESTAMP, Long.toString(timestamp))
                .header(Protocol.HEADER_NONCE, nonce)
                .header(Protocol.HEADER_SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new AgentCallException("Cannot connect to the agent at " + baseUri + " (" + e + "): check that "
                    + "kboss-agent runs on that host and that port " + baseUri.getPort() + " is reachable", false, e);
        } catch (HttpTimeoutException e) {
            throw new AgentCallException("The agent at " + baseUri + " did not answer " + command.commandName()
                    + " within " + requestTimeout.toMillis() + " ms", false, e);
        } catch (IOException e) {
            throw new AgentCallException("Talking to the agent at " + baseUri + " failed during "
                    + command.commandName() + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCallException("Interrupted while waiting for the agent at " + baseUri, false, e);
        }
        if (response.statusCode() == 401) {
            throw new AgentCallException("The agent at " + baseUri + " refused " + command.commandName()
                    + " (401): it is not paired with this server (or pairing was reset), the pairing code is wrong "
                    + "or used, or the clocks differ by more than " + Protocol.MAX_CLOCK_SKEW_SECONDS + " s", true,
                    null);
        }
        return new Exchange(command.commandName(), nonce, response);
    }

    /** A received answer, not yet trusted until its signature is checked with the right key. */
    private final class Exchange {
        final String commandName;
        final String nonce;
        final int status;
        final byte[] rawBody;
        final String body;
        final Optional<String> signature;

        Exchange(String commandName, String nonce, HttpResponse<byte[]> response) {
            this.commandName = commandName;
            this.nonce = nonce;
            this.status = response.statusCode();
            this.rawBody = response.body();
            this.body = new String(rawBody, StandardCharsets.UTF_8);
            this.signature = response.headers().firstValue(Protocol.HEADER_SIGNATURE);
        }

        void verifyWith(byte[] key) throws AgentCallException {
            String expected = ChannelSignature.signResponse(key, nonce, status, rawBody);
            if (!ChannelSignature.matches(expected, signature.orElse(null))) {
                throw new AgentCallException("The answer to " + commandName + " from " + baseUri + " (HTTP " + status
                        + ") is not signed by the paired agent: something else answers on that address, "
                        + "or the answer was altered on the way", false, null);
            }
            if (status != 200) {
                throw new AgentCallException("The agent at " + baseUri + " answered " + commandName + " with HTTP "
                        + status + ": " + body, false, null);
            }
        }
    }
}
