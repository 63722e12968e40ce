package io.satbus.satellites.firehose;

import java.util.Map;

/**
 * What came back for one {@link FetchRequest}: a response (status, headers with lower-case
 * names, body decompressed) or a failure (status {@link #FAILED}, {@code failure} says why:
 * connect error, request timeout, page too large). Made on the Netty event loop, read on the
 * runtime thread; immutable.
 */
record PollResult(FetchRequest request, int status, Map<String, String> headers, byte[] body, String failure) {
    static final int FAILED = -1;

    static PollResult failed(final FetchRequest request, final String why) {
        return new PollResult(request, FAILED, Map.of(), new byte[0], why);
    }

    String header(final String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
