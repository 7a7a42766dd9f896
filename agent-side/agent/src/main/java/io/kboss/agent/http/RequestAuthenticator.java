package io.kboss.agent.http;

import io.kboss.agent.contract.PairCommand;
import io.kboss.agent.contract.Protocol;
import io.kboss.agent.contract.auth.ChannelSignature;
import io.kboss.agent.domain.ReplayGuard;
import io.kboss.agent.pairing.Pairing;
import java.util.Optional;

/**
 * Decides whether a request comes from the paired management server. The pair command is checked
 * against the pairing secret (and only while unpaired); every other command against the channel
 * key. The signature is checked before the replay guard so that strangers' nonces are never
 * remembered. Callers answer a refusal with a bare 401 and do nothing else.
 */
public final class RequestAuthenticator {
    private final Pairing pairing;
    private final ReplayGuard replayGuard;

    public RequestAuthenticator(Pairing pairing, ReplayGuard replayGuard) {
        this.pairing = pairing;
        this.replayGuard = replayGuard;
    }

    /** @return the key that verified the request, or empty when it is refused */
    public Optional<byte[]> authenticate(String method, String pathAndQuery, String timestamp, String nonce,
            String signature, byte[] body) {
        if (timestamp == null || nonce == null || signature == null) {
            return Optional.empty();
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean pairRequest = pathAndQuery.equals(Protocol.PATH_PREFIX + PairCommand.NAME);
        Optional<byte[]> key = pairRequest ? pairing.pairingSecret() : pairing.channelKey();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String expected = ChannelSignature.signRequest(key.get(), method, pathAndQuery, ts, nonce, body);
        if (!ChannelSignature.matches(expected, signature)) {
            return Optional.empty();
        }
        return replayGuard.admit(ts, nonce) ? key : Optional.empty();
    }
}
