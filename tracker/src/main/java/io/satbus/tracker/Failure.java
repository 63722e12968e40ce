package io.satbus.tracker;

/**
 * One failed attempt, as kept in a message's history and published in its dead letter.
 *
 * @param worker    worker identity on the orchester's ROUTER, lower-case hex
 * @param satellite its satellite, "" for a plain MDP worker
 * @param instance  its instance, -1 for a plain MDP worker
 * @param atMs      orchester clock when the attempt failed, ms since the Unix epoch
 * @param outcome   "error: TEXT", "timeout" or "worker lost"
 */
public record Failure(String worker, String satellite, int instance, long atMs, String outcome) {
}
