package io.satbus.compare;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.MessageProperties;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The pipeline on RabbitMQ: two durable queues, persistent messages, publisher confirms and
 * manual acknowledgements. The worker acknowledges a message once its own publication of the
 * result is confirmed, so a message is always held by someone (at least once), as in satbus.
 */
final class RabbitPipeline extends Pipeline {
    private static final String UPPER = "cmp.upper";
    private static final String OUT = "cmp.out";

    private final String host;
    private final int port;
    private final int window;
    private Connection gen;
    private Connection work;
    private Connection sink;
    private Channel genChannel;

    RabbitPipeline(final String host, final int port, final int window) {
        super(window);
        this.host = host;
        this.port = port;
        this.window = window;
    }

    @Override
    String label() {
        return "RabbitMQ, 2 queues, confirms + manual acks";
    }

    private Connection connect(final String name) throws Exception {
        final ConnectionFactory f = new ConnectionFactory();
        f.setHost(host);
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection(name);
    }

    @Override
    void start() throws Exception {
        gen = connect("generator");
        genChannel = gen.createChannel();
        genChannel.queueDelete(UPPER);
        genChannel.queueDelete(OUT);
        genChannel.queueDeclare(UPPER, true, false, false, null);
        genChannel.queueDeclare(OUT, true, false, false, null);
        genChannel.confirmSelect();
        genChannel.addConfirmListener((tag, multiple) -> { }, (tag, multiple) -> { });

        sink = connect("sink");
        final Channel in = sink.createChannel();
        in.basicQos(window);
        in.basicConsume(OUT, false, (DeliverCallback) (consumerTag, d) -> {
            done(sentNanos(d.getBody()));
            in.basicAck(d.getEnvelope().getDeliveryTag(), false);
        }, consumerTag -> { });

        work = connect("worker");
        final Channel from = work.createChannel();
        final Channel to = work.createChannel();
        from.basicQos(window);
        to.confirmSelect();
        // publish sequence number on 'to' -> delivery tag on 'from', acknowledged when confirmed
        final ConcurrentNavigableMap<Long, Long> pending = new ConcurrentSkipListMap<>();
        to.addConfirmListener((seq, multiple) -> ackUpTo(from, pending, seq, multiple),
            (seq, multiple) -> nackUpTo(from, pending, seq, multiple));
        from.basicConsume(UPPER, false, (DeliverCallback) (consumerTag, d) -> {
            pending.put(to.getNextPublishSeqNo(), d.getEnvelope().getDeliveryTag());
            to.basicPublish("", OUT, MessageProperties.PERSISTENT_BASIC, upper(d.getBody()));
        }, consumerTag -> { });
    }

    private static void ackUpTo(final Channel from, final ConcurrentNavigableMap<Long, Long> pending, final long seq,
                                final boolean multiple) throws java.io.IOException {
        final ConcurrentNavigableMap<Long, Long> done = multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
        long last = -1;
        for (Long tag : done.values()) {
            last = Math.max(last, tag);
        }
        done.clear();
        if (last >= 0) {
            // deliveries arrive and are published in order: everything up to 'last' is confirmed
            from.basicAck(last, multiple);
        }
    }

    private static void nackUpTo(final Channel from, final ConcurrentNavigableMap<Long, Long> pending, final long seq,
                                 final boolean multiple) throws java.io.IOException {
        final ConcurrentNavigableMap<Long, Long> failed = multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
        for (Long tag : failed.values()) {
            from.basicNack(tag, false, true);
        }
        failed.clear();
    }

    @Override
    void send(final byte[] payload) throws Exception {
        final AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC;
        genChannel.basicPublish("", UPPER, persistent, payload);
    }

    @Override
    public void close() throws Exception {
        for (Connection c : new Connection[] {gen, work, sink}) {
            if (c != null && c.isOpen()) {
                c.close();
            }
        }
    }
}
