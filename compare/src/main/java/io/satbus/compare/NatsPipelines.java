package io.satbus.compare;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The pipeline on NATS: core request/reply at each hop, core publish, and JetStream work queues. */
final class NatsPipelines {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private NatsPipelines() {
    }

    static void closeAll(final Connection... connections) throws InterruptedException {
        for (Connection c : connections) {
            if (c != null) {
                c.close();
            }
        }
    }

    static Connection connect(final String url) throws Exception {
        return Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0).build());
    }

    /**
     * Request/reply at each hop: the worker answers the generator once the sink answered it (an
     * acknowledgement that means done, as satbus's custody), at most once (no retry, no store).
     */
    static final class RequestReply extends Pipeline {
        private final String url;
        private Connection gen;
        private Connection work;
        private Connection sink;

        RequestReply(final String url, final int window) {
            super(window);
            this.url = url;
        }

        @Override
        String label() {
            return "NATS core, request/reply at each hop";
        }

        @Override
        void start() throws Exception {
            sink = connect(url);
            final Dispatcher ds = sink.createDispatcher(m -> sink.publish(m.getReplyTo(), OK));
            ds.subscribe("cmp.out", "sinks");
            work = connect(url);
            final Dispatcher dw = work.createDispatcher(m -> work.request("cmp.out", upper(m.getData()))
                .whenComplete((r, e) -> {
                    if (e == null) {
                        work.publish(m.getReplyTo(), OK);
                    }
                }));
            dw.subscribe("cmp.upper", "workers");
            sink.flush(Duration.ofSeconds(5));
            work.flush(Duration.ofSeconds(5));
            gen = connect(url);
        }

        @Override
        void send(final byte[] payload) {
            final long t0 = sentNanos(payload);
            gen.request("cmp.upper", payload).whenComplete((r, e) -> {
                if (e == null) {
                    done(t0);
                } else {
                    failed();
                }
            });
        }

        @Override
        public void close() throws Exception {
            closeAll(gen, work, sink);
        }
    }

    /** Core publish at each hop: no acknowledgement at all (at most once); the sink ends a journey. */
    static final class Publish extends Pipeline {
        private final String url;
        private Connection gen;
        private Connection work;
        private Connection sink;

        Publish(final String url, final int window) {
            super(window);
            this.url = url;
        }

        @Override
        String label() {
            return "NATS core, publish";
        }

        @Override
        void start() throws Exception {
            sink = connect(url);
            sink.createDispatcher(m -> done(sentNanos(m.getData()))).subscribe("cmp.out");
            work = connect(url);
            work.createDispatcher(m -> work.publish("cmp.out", upper(m.getData()))).subscribe("cmp.upper");
            sink.flush(Duration.ofSeconds(5));
            work.flush(Duration.ofSeconds(5));
            gen = connect(url);
        }

        @Override
        void send(final byte[] payload) {
            gen.publish("cmp.upper", payload);
        }

        @Override
        public void close() throws Exception {
            closeAll(gen, work, sink);
        }
    }

    /**
     * JetStream work queues with explicit acknowledgements, file storage: the generator's publish
     * is acknowledged by the stream; the worker acknowledges its message once its own publish was.
     */
    static final class JetStreamQueues extends Pipeline {
        private final String url;
        private final int window;
        private Connection gen;
        private Connection work;
        private Connection sink;
        private JetStream genJs;

        JetStreamQueues(final String url, final int window) {
            super(window);
            this.url = url;
            this.window = window;
        }

        @Override
        String label() {
            return "NATS JetStream, work queues, explicit acks";
        }

        @Override
        void start() throws Exception {
            gen = connect(url);
            final JetStreamManagement jsm = gen.jetStreamManagement();
            for (String name : new String[] {"CMP_UPPER", "CMP_OUT"}) {
                try {
                    jsm.deleteStream(name);
                } catch (Exception absent) {
                    // a fresh server has none
                }
            }
            jsm.addStream(StreamConfiguration.builder().name("CMP_UPPER").subjects("cmp.js.upper")
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build());
            jsm.addStream(StreamConfiguration.builder().name("CMP_OUT").subjects("cmp.js.out")
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build());
            genJs = gen.jetStream();

            sink = connect(url);
            final JetStream sinkJs = sink.jetStream();
            sinkJs.subscribe("cmp.js.out", sink.createDispatcher(), m -> {
                done(sentNanos(m.getData()));
                m.ack();
            }, false, PushSubscribeOptions.builder().stream("CMP_OUT").configuration(consumer("sink")).build());

            work = connect(url);
            final JetStream workJs = work.jetStream();
            workJs.subscribe("cmp.js.upper", work.createDispatcher(), m -> workJs.publishAsync("cmp.js.out",
                upper(m.getData())).whenComplete((ack, e) -> {
                    if (e == null) {
                        m.ack();
                    } else {
                        m.nak();
                    }
                }), false, PushSubscribeOptions.builder().stream("CMP_UPPER").configuration(consumer("worker")).build());
        }

        private ConsumerConfiguration consumer(final String name) {
            return ConsumerConfiguration.builder().durable(name).ackPolicy(AckPolicy.Explicit).maxAckPending(window)
                .ackWait(Duration.ofSeconds(30)).build();
        }

        @Override
        void send(final byte[] payload) {
            genJs.publishAsync("cmp.js.upper", payload).whenComplete((ack, e) -> {
                if (e != null) {
                    failed();
                }
            });
        }

        @Override
        public void close() throws Exception {
            closeAll(gen, work, sink);
        }
    }
}
