package io.satbus.satellites.firehose;

/**
 * One GET to make: which resource, which URL, which page of the poll, and the entity tag to
 * send as {@code If-None-Match} (null for none). Immutable.
 */
record FetchRequest(int resource, String url, int page, String etag) {
}
