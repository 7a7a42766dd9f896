package io.kboss.agent.http;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.PairAnswer;
import io.kboss.agent.contract.PairCommand;
import io.kboss.agent.contract.Protocol;
import io.kboss.agent.contract.WireJson;
import io.kboss.agent.contract.auth.ChannelSignature;
import io.kboss.agent.handler.CommandDispatcher;
import io.kboss.agent.pairing.Pairing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's only endpoint: {@code POST /kboss-agent/v1/<command>}. Authentication comes first
 * and a refused request gets a bare 401 before the body is even parsed. Every other answer is
 * signed with the key that authenticated the request (after pairing, with the new channel key).
 */
public final class AgentServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AgentServlet.class);
    /** Commands are small; anything bigger is not one. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final transient RequestAuthenticator authenticator;
    private final transient CommandDispatcher dispatcher;
    private final transient Pairing pairing;
    private final String hostname;
    private final transient RefusalLog refusals;

    public AgentServlet(RequestAuthenticator authenticator, CommandDispatcher dispatcher, Pairing pairing,
            String hostname, java.time.Clock clock) {
        this.refusals = new RefusalLog(clock);
        this.authenticator = authenticator;
        this.dispatcher = dispatcher;
        this.pairing = pairing;
        this.hostname = hostname;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        byte[] body = readBounded(req.getInputStream());
        Optional<byte[]> key = body == null
                ? Optional.empty()
                : authenticator.authenticate(req.getMethod(), path, req.getHeader(Protocol.HEADER_TIMESTAMP),
                        req.getHeader(Protocol.HEADER_NONCE), req.getHeader(Protocol.HEADER_SIGNATURE), body);
        if (key.isEmpty() || !"POST".equals(req.getMethod())) {
            // No details: a stranger learns nothing, not even whether the agent is paired.
            refusals.refused(req.getMethod(), req.getRequestURI(), req.getRemoteAddr());
            resp.setStatus(401);
            return;
        }
        String nonce = req.getHeader(Protocol.HEADER_NONCE);
        String uri = req.getRequestURI();
        String name = uri.startsWith(Protocol.PATH_PREFIX) ? uri.substring(Protocol.PATH_PREFIX.length()) : "";
        String json = new String(body, StandardCharsets.UTF_8);
        if (name.equals(PairCommand.NAME)) {
            pair(json, nonce, key.get(), resp);
            return;
        }
        if (!dispatcher.knows(name)) {
            reply(resp, key.get(), nonce, 404, AgentAnswer.failure(new AgentAnswer(), ErrorCode.BAD_REQUEST,
                    "This agent has no command '" + name + "': upgrade kboss-agent or check the server's version"));
            return;
        }
        Optional<AgentAnswer> answer = dispatcher.dispatch(name, json);
        if (answer.isEmpty()) {
            reply(resp, key.get(), nonce, 400, AgentAnswer.failure(new AgentAnswer(), ErrorCode.BAD_REQUEST,
                    "The body is not a valid " + name + " command"));
            return;
        }
        reply(resp, key.get(), nonce, 200, answer.get());
    }

    private void pair(String json, String nonce, byte[] pairingSecret, HttpServletResponse resp) throws IOException {
        PairCommand command;
        try {
            command = WireJson.fromJson(json, PairCommand.class);
        } catch (RuntimeException e) {
            command = null;
        }
        if (command == null || command.serverNonce == null || command.serverNonce.isBlank()) {
            reply(resp, pairingSecret, nonce, 400, AgentAnswer.failure(new AgentAnswer(), ErrorCode.BAD_REQUEST,
                    "A pair command needs serverNonce"));
            return;
        }
        String agentNonce;
        try {
            agentNonce = pairing.completePairing(command.serverId, command.serverNonce);
        } catch (IllegalStateException e) {
            resp.setStatus(401); // paired meanwhile by a concurrent request
            return;
        }
        LOG.info("Paired with management server {}", command.serverId);
        PairAnswer answer = new PairAnswer();
        answer.agentId = pairing.agentId();
        answer.hostname = hostname;
        answer.agentNonce = agentNonce;
        reply(resp, pairing.channelKey().orElseThrow(), nonce, 200, answer);
    }

    private static void reply(HttpServletResponse resp, byte[] key, String nonce, int status, AgentAnswer answer)
            throws IOException {
        byte[] out = WireJson.toJson(answer).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json; charset=UTF-8");
        resp.setHeader(Protocol.HEADER_SIGNATURE, ChannelSignature.signResponse(key, nonce, status, out));
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }

    /** @return null when the body is larger than any command */
    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }
}
