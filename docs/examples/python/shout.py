#!/usr/bin/env python3
"""shout: a satbus worker in Python that upper-cases each message's text and adds "!".

`satbus run` starts one process per instance from the topology's `command:` and tells it
who it is and where to connect in SATBUS_* environment variables; the contract is in
docs/writing-satellites.md ("In another language"), the frames in docs/protocol.md, whose
section numbers the comments below give. Needs pyzmq and msgpack (Debian: python3-zmq,
python3-msgpack).
"""
import json
import os
import signal
import sys
import time
import uuid

import msgpack
import zmq
from zmq.utils.monitor import recv_monitor_message

ENV = os.environ
NAME, INSTANCE = ENV["SATBUS_SATELLITE"], int(ENV["SATBUS_INSTANCE"])
SERVICE, SEND_TO = ENV["SATBUS_SERVICE"].encode(), ENV["SATBUS_SEND_TO"].encode()
HEARTBEAT_S = int(ENV["SATBUS_HEARTBEAT_INTERVAL_MS"]) / 1000
EXPIRY_S = HEARTBEAT_S * int(ENV["SATBUS_HEARTBEAT_LIVENESS"])
ACK_TIMEOUT_S = int(ENV["SATBUS_ACK_TIMEOUT_MS"]) / 1000
REPORT_S = int(ENV.get("SATBUS_REPORT_INTERVAL_MS", "0")) / 1000
MARKS = "!" * int(json.loads(ENV["SATBUS_CONFIG"]).get("marks", 1))

WORKER, CLIENT = b"MDPW01", b"MDPC01"                                # section 1
READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT = (bytes([c]) for c in range(1, 6))
OK = msgpack.packb({"status": "ok"})                                 # section 2.3
MAX_UNACKED = 1000                                                   # section 6, step 6
STOP_GRACE_S, ORPHAN_GRACE_S = 5, 2                                  # for acks after `stop`, EOF

counts = {"handled": 0, "errors": 0, "sent": 0, "acked": 0, "malformed": 0}
unacked = {}        # id -> when sent: our sends waiting for their acknowledgement


def log(text):
    print(f"{NAME}.{INSTANCE}: {text}", file=sys.stderr, flush=True)


class Link:
    """The DEALER to the orchester with a monitor that says when it is connected (section 6, 1-2)."""

    def __init__(self, ctx, poller):
        self.poller = poller
        self.dealer = ctx.socket(zmq.DEALER)
        self.dealer.setsockopt(zmq.LINGER, 0)
        # A new socket must get a new identity (section 6, step 1).
        self.dealer.setsockopt(zmq.IDENTITY, f"{NAME}.{INSTANCE}.{uuid.uuid4().hex[:8]}".encode())
        self.monitor = self.dealer.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        self.dealer.connect(ENV["SATBUS_ORCHESTER"])
        poller.register(self.dealer, zmq.POLLIN)
        poller.register(self.monitor, zmq.POLLIN)
        self.up = False
        self.heard = self.said = time.monotonic()

    def send(self, *frames):
        self.dealer.send_multipart([b"", *frames])
        if frames[0] == WORKER:
            self.said = time.monotonic()

    def close(self):
        for s in (self.dealer, self.monitor):
            self.poller.unregister(s)
        self.dealer.disable_monitor()
        self.monitor.close(0)
        self.dealer.close(0)


def envelope(frames):
    """The envelope header of a two-frame body (section 2.2), or None for a plain payload."""
    if len(frames) != 2:
        return None
    try:
        header = msgpack.unpackb(frames[0])
        return header if isinstance(header, dict) and isinstance(header.get("id"), int) else None
    except (ValueError, msgpack.UnpackException):
        return None


def on_request(link, rest, stopping):
    """REQUEST (section 6, step 4): shout, send on to SEND_TO keeping the id, then reply."""
    if len(rest) < 3 or len(rest[0]) != 12 or rest[1] != b"":
        counts["malformed"] += 1
        return
    token, body = rest[0], rest[2:]
    if stopping:
        return  # after our DISCONNECT the orchester gives it to another worker
    header = envelope(body)
    text = b"".join(body) if header is None else body[1]
    try:
        shouted = (text.decode("utf-8").upper() + MARKS).encode("utf-8")
    except UnicodeDecodeError:
        counts["errors"] += 1  # an error reply: the orchester retries it elsewhere (2.5)
        link.send(WORKER, REPLY, token, b"", msgpack.packb({"status": "error", "error": "not UTF-8 text"}))
        return
    if header is None:  # a plain MDP client: it gets the payload alone (2.2)
        link.send(WORKER, REPLY, token, b"", OK, shouted)
    else:
        if SEND_TO:  # sent before the reply, so the orchester always holds one of the two
            onward = dict(header, origin=NAME, instance=INSTANCE, attempt=1, content_type="text/plain")
            link.send(CLIENT, SEND_TO, msgpack.packb(onward), shouted)
            unacked[header["id"]] = time.monotonic()
            counts["sent"] += 1
        link.send(WORKER, REPLY, token, b"", OK, body[0], b"")  # acknowledgement: header kept, empty payload
    counts["handled"] += 1


def on_message(link, frames, stopping):
    """One message from the orchester, by protocol frame (section 6, step 4). True: reconnect."""
    link.heard = time.monotonic()
    if len(frames) >= 3 and frames[0] == b"" and frames[1] == WORKER:
        if frames[2] == REQUEST:
            on_request(link, frames[3:], stopping)
        elif frames[2] == DISCONNECT:
            return True
        elif frames[2] != HEARTBEAT:
            counts["malformed"] += 1
    elif len(frames) == 5 and frames[0] == b"" and frames[1] == CLIENT:
        header = envelope(frames[3:])  # the acknowledgement of one of our sends
        if header is None:
            counts["malformed"] += 1
        elif unacked.pop(header["id"], None) is not None:  # else late or repeated: nothing to do
            counts["acked"] += 1
    else:
        counts["malformed"] += 1
    return False


def report():
    """A report line for the supervisor's table and --until-drained (ChildReport)."""
    print("@satbus " + json.dumps(dict(counts, outstanding=len(unacked), in_progress=0, queued=0, done=False)),
          flush=True)


def main():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches us too; the supervisor says `stop`
    stop = {"at": None, "grace": STOP_GRACE_S}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(at=stop["at"] or time.monotonic()))
    ctx, poller = zmq.Context(), zmq.Poller()
    poller.register(sys.stdin.fileno(), zmq.POLLIN)
    link, stdin_open, deadline, next_report = Link(ctx, poller), True, None, 0
    while True:
        events = dict(poller.poll(100))  # blocks up to 100 ms: never a busy loop
        now = time.monotonic()
        if stdin_open and sys.stdin.fileno() in events:
            data = os.read(sys.stdin.fileno(), 4096)
            if not data:  # the supervisor is gone: do not outlive it
                stdin_open = False
                poller.unregister(sys.stdin.fileno())
                stop.update(at=stop["at"] or now, grace=ORPHAN_GRACE_S)
            elif b"stop" in data.split():
                stop["at"] = stop["at"] or now
        if stop["at"] is not None and deadline is None:  # drain (section 6, step 8)
            deadline = stop["at"] + stop["grace"]
            if link.up:
                link.send(WORKER, DISCONNECT)
            log(f"stopping, {len(unacked)} sends waiting for acknowledgement")
        if link.monitor in events:
            event = recv_monitor_message(link.monitor)["event"]
            if event == zmq.EVENT_HANDSHAKE_SUCCEEDED and deadline is None:  # register (section 6, step 3)
                link.send(WORKER, READY, SERVICE, msgpack.packb({"satellite": NAME, "instance": INSTANCE,
                                                                 "credit": int(ENV["SATBUS_CREDIT"])}))
                link.up, link.heard = True, now
                log(f"registered for {SERVICE.decode()}")
        reconnect = False
        while link.dealer in events and not reconnect:
            try:
                reconnect = on_message(link, link.dealer.recv_multipart(zmq.NOBLOCK), deadline is not None)
            except zmq.Again:
                break
        if link.up and now - link.heard > EXPIRY_S:  # the orchester declared us dead, or is gone (step 5)
            reconnect = True
        if reconnect and deadline is None:  # section 6, step 4, DISCONNECT: new socket, new identity
            log("reconnecting")
            link.close()
            link = Link(ctx, poller)
        elif link.up and deadline is None and now - link.said >= HEARTBEAT_S:
            link.send(WORKER, HEARTBEAT)
        for sent_id in [i for i, at in unacked.items() if now - at > ACK_TIMEOUT_S]:
            del unacked[sent_id]  # dead downstream: never acknowledged (step 6)
            counts["errors"] += 1
        if REPORT_S and now >= next_report:
            report()
            next_report = now + REPORT_S
        if deadline is not None and (not unacked or now >= deadline):
            break
    if REPORT_S:
        report()
    log(f"stopped: {counts}, {len(unacked)} unacknowledged")
    link.close()
    ctx.term()


if __name__ == "__main__":
    main()
