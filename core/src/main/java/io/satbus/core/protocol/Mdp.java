package io.satbus.core.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Majordomo Protocol 0.1 (rfc.zeromq.org spec 7) constants.
 *
 * <pre>
 * client -> broker   [empty]["MDPC01"][service][body...]
 * broker -> client   [empty]["MDPC01"][service][body...]
 * worker -> broker   [empty]["MDPW01"][0x01 READY][service]( [satbus worker info] )
 * broker -> worker   [empty]["MDPW01"][0x02 REQUEST][reply-to][empty][body...]
 * worker -> broker   [empty]["MDPW01"][0x03 REPLY][reply-to][empty][body...]
 * both ways          [empty]["MDPW01"][0x04 HEARTBEAT]
 * both ways          [empty]["MDPW01"][0x05 DISCONNECT]
 * </pre>
 * satbus adds {@link #PROGRESS} (worker to broker, a satbus worker only) and an optional
 * worker-info frame after READY; the reply-to frame the broker sends is a
 * {@link DispatchToken}, which plain workers echo untouched.
 */
public final class Mdp {
    public static final String CLIENT = "MDPC01";
    public static final String WORKER = "MDPW01";
    public static final byte[] CLIENT_BYTES = CLIENT.getBytes(StandardCharsets.US_ASCII);
    public static final byte[] WORKER_BYTES = WORKER.getBytes(StandardCharsets.US_ASCII);

    public static final byte READY = 0x01;
    public static final byte REQUEST = 0x02;
    public static final byte REPLY = 0x03;
    public static final byte HEARTBEAT = 0x04;
    public static final byte DISCONNECT = 0x05;
    /** satbus extension: "still working on [reply-to]", extends that dispatch's deadline. */
    public static final byte PROGRESS = 0x06;

    /** The admin service, reached through the service endpoint like any other service. */
    public static final String ADMIN_SERVICE = "satbus.admin";
    /** Majordomo Management Interface lookup: replies "200" if the service has workers, "404" if not. */
    public static final String MMI_SERVICE = "mmi.service";

    /** Most frames of one message the orchester and the satellites accept, batched or not (docs/protocol.md 5). */
    public static final int MAX_FRAMES = 4096;

    /** Longest service name accepted, in bytes. */
    public static final int MAX_SERVICE_NAME_BYTES = 255;

    private Mdp() {
    }

    /** The name of a worker command for logs and error messages. */
    public static String commandName(final byte command) {
        switch (command) {
            case READY: return "READY";
            case REQUEST: return "REQUEST";
            case REPLY: return "REPLY";
            case HEARTBEAT: return "HEARTBEAT";
            case DISCONNECT: return "DISCONNECT";
            case PROGRESS: return "PROGRESS";
            default: return "0x" + Integer.toHexString(command & 0xff);
        }
    }
}
