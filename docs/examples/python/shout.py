#!/usr/bin/env python3
"""shout: a satbus worker in Python that upper-cases each message's text and adds "!".

`satbus run` starts one process per instance from the topology's `command:` and tells it
who it is and where to connect in SATBUS_* environment variables; the contract is in
docs/writing-satellites.md ("In another language"), the frames in docs/protocol.md, whose
section numbers the comments below give. It keeps custody as section 2.7 says: a request is
acknowledged only once the message it sent on for it was acknowledged (or went dead), every
send is kept until then and sent again after a reconnect, and a repeat of a request it has
finished is answered without shouting again. Needs pyzmq and msgpack (requirements.txt beside it;
Debian: python3-zmq, python3-msgpack); without them it says so in one line and exits 1.
"""
import collections
import json
import os
import signal
import sys
import time
import uuid

try:
    import msgpack
    import zmq
    import zmq.auth
    from zmq.utils.monitor import recv_monitor_message
except ImportError as missing:  # one line, not a traceback: `satbus run` shows it as the reason
    sys.exit(f"shout.py needs the Python modules pyzmq and msgpack; {sys.executable} has no {missing.name}:"
             " python3 -m pip install -r requirements.txt (beside shout.py), or on Debian and Ubuntu"
             " apt-get install python3-zmq python3-msgpack, for /usr/bin/python3")

ENV = os.environ
NAME, INSTANCE = ENV["SATBUS_SATELLITE"], int(ENV["SATBUS_INSTANCE"])
SERVICE, SEND_TO = ENV["SATBUS_SERVICE"].encode(), ENV["SATBUS_SEND_TO"].encode()
HEARTBEAT_S = int(ENV["SATBUS_HEARTBEAT_INTERVAL_MS"]) / 1000
EXPIRY_S = HEARTBEAT_S * int(ENV["SATBUS_HEARTBEAT_LIVENESS"])
OVERDUE_S = int(ENV["SATBUS_ACK_TIMEOUT_MS"]) / 1000                 # logged, never given up (2.7)
DEDUP_WINDOW = int(ENV.get("SATBUS_DEDUP_WINDOW", "100000"))         # completed ids remembered (2.7)
REPORT_S = int(ENV.get("SATBUS_REPORT_INTERVAL_MS", "0")) / 1000
MARKS = "!" * int(json.loads(ENV["SATBUS_CONFIG"]).get("marks", 1))

WORKER, CLIENT = b"MDPW01", b"MDPC01"                                # section 1
READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT = (bytes([c]) for c in range(1, 6))
OK = msgpack.packb({"status": "ok"})                                 # section 2.3
STOP_GRACE_S, ORPHAN_GRACE_S = 5, 2                                  # for acks after `stop`, EOF

counts = dict.fromkeys(("handled", "errors", "malformed", "sent", "acked", "resent", "dead", "lost",
                        "duplicates"), 0)


class Send:
    """One of our sends, kept with its frames until acknowledged or dead-noticed (section 2.7)."""

    def __init__(self, frames, now):
        self.frames, self.at, self.overdue = frames, now, False


class RecentIds:
    """The ids of the last `size` requests we completed: the repeat window (section 2.7)."""

    def __init__(self, size):
        self.size, self.ids, self.order = size, set(), collections.deque()

    def add(self, message_id):
        if message_id not in self.ids:
            self.ids.add(message_id)
            self.order.append(message_id)
            if len(self.order) > self.size:
                self.ids.discard(self.order.popleft())

    def __contains__(self, message_id):
        return message_id in self.ids


kept = collections.OrderedDict()  # id -> Send, in the order first sent
held = {}                         # id -> [(token, request header)]: replies waiting for the send of that id
completed = RecentIds(DEDUP_WINDOW)


def secure(socket):
    """With security on (docs/security.md), proves this satellite's key to the orchester: CURVE."""
    if "SATBUS_KEY_FILE" not in ENV:
        return
    public, secret = zmq.auth.load_certificate(ENV["SATBUS_KEY_FILE"])  # the ZCert format satbus keys writes
    socket.curve_publickey, socket.curve_secretkey = public, secret
    socket.curve_serverkey = ENV["SATBUS_SERVER_KEY"].encode()          # the orchester's public key, Z85


def log(text):
    print(f"{NAME}.{INSTANCE}: {text}", file=sys.stderr, flush=True)


class Link:
    """The DEALER to the orchester, with a monitor that says when it is up and when it drops (section 6, 1-2)."""

    def __init__(self, ctx, poller):
        self.poller = poller
        self.dealer = ctx.socket(zmq.DEALER)
        self.dealer.setsockopt(zmq.LINGER, 0)
        # A new socket must get a new identity (section 6, step 1).
        self.dealer.setsockopt(zmq.IDENTITY, f"{NAME}.{INSTANCE}.{uuid.uuid4().hex[:8]}".encode())
        secure(self.dealer)
        self.monitor = self.dealer.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED | zmq.EVENT_DISCONNECTED)
        self.dealer.connect(ENV["SATBUS_ORCHESTER"])
        poller.register(self.dealer, zmq.POLLIN)
        poller.register(self.monitor, zmq.POLLIN)
        self.up = self.dropped = False
        self.heard = self.said = time.monotonic()

    def events(self):
        """Reads the monitor: True when the connection has just come up."""
        came_up = False
        while True:
            try:
                event = recv_monitor_message(self.monitor, zmq.NOBLOCK)["event"]
            except zmq.Again:
                return came_up
            if event == zmq.EVENT_HANDSHAKE_SUCCEEDED and not self.up:
                self.up = came_up = True
                self.heard = time.monotonic()
            elif event == zmq.EVENT_DISCONNECTED and self.up:
                self.dropped = True  # replaced, never reused: ZeroMQ would reconnect it under the old identity

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


def header_of(frame):
    """The envelope header in `frame` (section 2.2), or None."""
    try:
        header = msgpack.unpackb(frame)
        return header if isinstance(header, dict) and isinstance(header.get("id"), int) else None
    except (ValueError, msgpack.UnpackException):
        return None


def acknowledge(link, token, request_header):
    """An ok REPLY: the request's header kept, an empty payload (section 2.3)."""
    link.send(WORKER, REPLY, token, b"", OK, request_header, b"")


def complete(link, message_id):
    """The work for message_id is done: remember it, answer every request held for it (section 2.7)."""
    completed.add(message_id)
    for token, request_header in held.pop(message_id, ()):
        acknowledge(link, token, request_header)


def on_request(link, rest, stopping):
    """REQUEST (section 6, step 4): shout, send on to SEND_TO keeping the id, reply when that is acknowledged."""
    if len(rest) < 3 or len(rest[0]) != 12 or rest[1] != b"":
        counts["malformed"] += 1
        return
    token, body = rest[0], rest[2:]
    if stopping:
        return  # after our DISCONNECT the orchester gives it to another worker
    header = header_of(body[0]) if len(body) == 2 else None
    if header is not None:
        message_id = header["id"]
        if message_id in completed:  # a repeat of one we finished: ok, not handled again (2.7)
            counts["duplicates"] += 1
            acknowledge(link, token, body[0])
            return
        if message_id in kept:  # a repeat of one we are still working on: answered with it (2.7)
            counts["duplicates"] += 1
            held.setdefault(message_id, []).append((token, body[0]))
            return
    text = b"".join(body) if header is None else body[1]
    try:
        shouted = (text.decode("utf-8").upper() + MARKS).encode("utf-8")
    except UnicodeDecodeError:
        counts["errors"] += 1  # an error reply: the orchester retries it elsewhere (2.5)
        link.send(WORKER, REPLY, token, b"", msgpack.packb({"status": "error", "error": "not UTF-8 text"}))
        return
    counts["handled"] += 1
    if header is None:  # a plain MDP client: it gets the payload alone (2.2), nothing is kept for it
        link.send(WORKER, REPLY, token, b"", OK, shouted)
        return
    held[header["id"]] = [(token, body[0])]
    if SEND_TO:  # the reply waits for this send's acknowledgement or dead notice (2.7)
        onward = dict(header, origin=NAME, instance=INSTANCE, attempt=1, content_type="text/plain")
        send(link, header["id"], [CLIENT, SEND_TO, msgpack.packb(onward), shouted])
    else:
        complete(link, header["id"])


def send(link, message_id, frames):
    """A send to a service (section 6, step 6), kept until acknowledged or dead-noticed."""
    kept[message_id] = Send(frames, time.monotonic())
    counts["sent"] += 1
    link.send(*frames)


def on_settled(link, frames):
    """MDPC01: the acknowledgement (5 frames) or the dead notice (6 frames) of one of our sends (2.3, 2.5)."""
    dead = len(frames) == 6 and frames[4] == b""
    header = header_of(frames[3]) if len(frames) == 5 or dead else None
    if header is None:
        counts["malformed"] += 1
        return
    if kept.pop(header["id"], None) is None:
        return  # the answer to a send we made twice (resent after a reconnect): already settled
    if dead:
        counts["dead"] += 1
        log(f"send {header['id']} to {frames[2].decode(errors='replace')} went dead: {last_outcome(frames[5])}")
    else:
        counts["acked"] += 1
    complete(link, header["id"])  # accounted either way: the request it came from is ok, not to be retried


def last_outcome(info):
    """The outcome of the last failed attempt in a dead-letter info map (section 2.5)."""
    try:
        history = msgpack.unpackb(info).get("history") or [{}]
        return f"{len(history)} attempts, last: {history[-1].get('outcome', '?')}"
    except (ValueError, TypeError, AttributeError, msgpack.UnpackException):
        return "(dead-letter info unreadable)"


def on_message(link, frames, stopping):
    """One message from the orchester, by protocol frame (section 6, step 4). True: reconnect."""
    link.heard = time.monotonic()
    if len(frames) >= 3 and frames[0] == b"" and frames[1] == WORKER:
        if frames[2] == REQUEST:
            on_request(link, frames[3:], stopping)
        elif frames[2] == DISCONNECT:
            return not stopping
        elif frames[2] != HEARTBEAT:
            counts["malformed"] += 1
    elif len(frames) >= 5 and frames[0] == b"" and frames[1] == CLIENT:
        on_settled(link, frames)
    else:
        counts["malformed"] += 1
    return False


def on_connected(link, stopping, now):
    """A new connection is up: register (section 6, step 3), then send again everything kept (2.7)."""
    if not stopping:
        link.send(WORKER, READY, SERVICE, msgpack.packb({"satellite": NAME, "instance": INSTANCE,
                                                         "credit": int(ENV["SATBUS_CREDIT"])}))
        log(f"registered for {SERVICE.decode()}")
    for kept_send in kept.values():
        link.send(*kept_send.frames)
    if kept:
        counts["resent"] += len(kept)
        log(f"resent {len(kept)} sends kept across the reconnect")


def log_overdue(now):
    """Sends waiting longer than any message can take: logged once each, kept all the same (2.7)."""
    overdue = []
    for message_id, kept_send in kept.items():  # oldest first: stop at the first not yet overdue
        if now - kept_send.at <= OVERDUE_S:
            break
        if not kept_send.overdue:
            kept_send.overdue = True
            overdue.append(message_id)
    if overdue:
        log(f"{len(overdue)} sends overdue (first id {overdue[0]}), kept until acknowledged or dead")


def report():
    """A report line for the supervisor's table and --until-drained (ChildReport)."""
    print("@satbus " + json.dumps(dict(counts, outstanding=len(kept), in_progress=sum(map(len, held.values())),
                                       queued=0, done=False)), flush=True)


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
            held.clear()  # the orchester gives those requests to another worker
            log(f"stopping, {len(kept)} sends waiting for acknowledgement")
        stopping = deadline is not None
        if link.monitor in events and link.events():
            on_connected(link, stopping, now)
        reconnect = "the connection dropped" if link.dropped else None
        while link.dealer in events and not reconnect:
            try:
                if on_message(link, link.dealer.recv_multipart(zmq.NOBLOCK), stopping):
                    reconnect = "the orchester sent DISCONNECT"
            except zmq.Again:
                break
        if not reconnect and link.up and not stopping and now - link.heard > EXPIRY_S:  # step 5
            reconnect = "the orchester went silent"  # it declared us dead, or it is gone
        if reconnect:  # the connection is replaced: new socket, new identity (section 6, step 4)
            log(f"reconnecting: {reconnect}")
            held.clear()  # requests held on the old connection are not answered on the new one (2.7)
            link.close()
            link = Link(ctx, poller)
        elif link.up and not stopping and now - link.said >= HEARTBEAT_S:
            link.send(WORKER, HEARTBEAT)
        log_overdue(now)
        if REPORT_S and now >= next_report:
            report()
            next_report = now + REPORT_S
        if stopping and (not kept or now >= deadline):
            break
    if kept:  # a forced stop: the only way a send is given up (2.7)
        # Not lost: each was sent for a request we never acknowledged, which goes again. Only a
        # send that no unacknowledged request stands for (a source's) would count in "lost".
        log(f"gave up {len(kept)} sends; the requests they came from were not acknowledged and go again")
        kept.clear()
    if REPORT_S:
        report()
    log(f"stopped: {counts}")
    link.close()
    ctx.term()


if __name__ == "__main__":
    main()
