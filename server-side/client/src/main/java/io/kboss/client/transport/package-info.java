/**
 * How a call travels: the form POST to {@code /client/api} ({@link io.kboss.client.transport.HttpTransport}),
 * who makes it (a signed API key, {@link io.kboss.client.transport.SignedRequests}, or a login
 * session, {@link io.kboss.client.transport.LoginSession}), and how its JSON answer is read
 * ({@link io.kboss.client.transport.ApiJson}). Callers use {@link io.kboss.client.KbossClient}.
 */
package io.kboss.client.transport;
