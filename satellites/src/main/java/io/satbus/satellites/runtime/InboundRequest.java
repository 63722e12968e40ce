package io.satbus.satellites.runtime;

import io.satbus.core.envelope.Envelope;

/**
 * A service request received and waiting to be handled.
 *
 * @param token      the dispatch token to echo in the REPLY
 * @param message    the request as an envelope (made up for a plain MDP request)
 * @param plain      true when the body was not an envelope: the reply then carries the payload alone
 * @param generation the connection it came by; a reply on a newer connection would be meaningless
 */
record InboundRequest(byte[] token, Envelope message, boolean plain, int generation) {
}
