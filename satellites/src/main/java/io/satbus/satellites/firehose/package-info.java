/**
 * The HTTP firehose: {@link io.satbus.satellites.firehose.Fetcher} polls rate-limited JSON APIs
 * (GitHub's public events API is the model) and sends each page on,
 * {@link io.satbus.satellites.firehose.EventParser} splits pages into one message per event,
 * {@link io.satbus.satellites.firehose.Publisher} writes each event once to JSON Lines files,
 * stdout and topics, and {@link io.satbus.satellites.firehose.Feed} serves GitHub-shaped events
 * on 127.0.0.1 for offline demos and tests. Their configuration keys are in docs/satellites.md.
 *
 * <p>Threads:
 * <ul>
 *   <li>Each satellite instance's state is owned by its runtime thread, which calls every method
 *       of the satellite; counters exposed to other threads are atomic.</li>
 *   <li>The fetcher's {@link io.satbus.satellites.firehose.HttpPoller} runs one Netty event loop
 *       thread that owns the connections and their idle pool. It never touches the
 *       {@code Output} nor the resource states: each response (or failure) becomes a
 *       {@link io.satbus.satellites.firehose.PollResult} on a concurrent queue that the runtime
 *       thread drains in {@code produce}. {@link io.satbus.satellites.firehose.ResourceState} is
 *       a pure state machine driven by {@code nowMs}, NOT thread-safe, runtime thread only.</li>
 *   <li>The feed's {@link io.satbus.satellites.firehose.FeedServer} answers on its own Netty
 *       event loop thread, which alone calls its {@link io.satbus.satellites.firehose.FeedScript}.</li>
 *   <li>The publisher's file may also be flushed by a timer thread ({@code flush: interval});
 *       {@link io.satbus.satellites.firehose.JsonlFile} is synchronized for that reason.</li>
 * </ul>
 */
package io.satbus.satellites.firehose;
