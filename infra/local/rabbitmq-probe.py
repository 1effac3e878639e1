#!/usr/bin/env python3
"""Asks a real RabbitMQ how it answers AMQP 0-9-1 corner cases (docs/design/rabbitmq-reference.md).

Raw sockets, stdlib only, so every frame the broker sends is printed as it arrives ("<-" lines:
(channel, method, [arguments]) for method frames, header/body for content). Not a test: a way to
re-check the reference when RabbitMQ changes.

  infra/local/rabbitmq.sh start
  infra/local/rabbitmq-probe.py [a b c d e f g h i]     (default: all sections)

Ports come from RABBITMQ_AMQP_PORT / RABBITMQ_MQTT_PORT, else from $TSUNAGU_STATE_DIR/rabbitmq.env
(default state dir <repo>/.tsunagu). Section h lowers max_message_size through `rabbitmq.sh ctl` and
restores it afterwards.
"""
import contextlib
import io
import os
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------------------
# AMQP 0-9-1 wire format: (class, method) -> name and argument types, as in the spec's XML.

SPEC = {
 (10,10):('connection.start',['octet','octet','table','longstr','longstr']),
 (10,11):('connection.start-ok',['table','shortstr','longstr','shortstr']),
 (10,30):('connection.tune',['short','long','short']),
 (10,31):('connection.tune-ok',['short','long','short']),
 (10,40):('connection.open',['shortstr','shortstr','bit']),
 (10,41):('connection.open-ok',['shortstr']),
 (10,50):('connection.close',['short','shortstr','short','short']),
 (10,51):('connection.close-ok',[]),
 (10,60):('connection.blocked',['shortstr']),
 (10,61):('connection.unblocked',[]),
 (20,10):('channel.open',['shortstr']),
 (20,11):('channel.open-ok',['longstr']),
 (20,20):('channel.flow',['bit']),
 (20,21):('channel.flow-ok',['bit']),
 (20,40):('channel.close',['short','shortstr','short','short']),
 (20,41):('channel.close-ok',[]),
 (40,10):('exchange.declare',['short','shortstr','shortstr','bit','bit','bit','bit','bit','table']),
 (40,11):('exchange.declare-ok',[]),
 (40,20):('exchange.delete',['short','shortstr','bit','bit']),
 (40,21):('exchange.delete-ok',[]),
 (40,30):('exchange.bind',['short','shortstr','shortstr','shortstr','bit','table']),
 (40,31):('exchange.bind-ok',[]),
 (50,10):('queue.declare',['short','shortstr','bit','bit','bit','bit','bit','table']),
 (50,11):('queue.declare-ok',['shortstr','long','long']),
 (50,20):('queue.bind',['short','shortstr','shortstr','shortstr','bit','table']),
 (50,21):('queue.bind-ok',[]),
 (50,30):('queue.purge',['short','shortstr','bit']),
 (50,31):('queue.purge-ok',['long']),
 (50,40):('queue.delete',['short','shortstr','bit','bit','bit']),
 (50,41):('queue.delete-ok',['long']),
 (50,50):('queue.unbind',['short','shortstr','shortstr','shortstr','table']),
 (50,51):('queue.unbind-ok',[]),
 (60,10):('basic.qos',['long','short','bit']),
 (60,11):('basic.qos-ok',[]),
 (60,20):('basic.consume',['short','shortstr','shortstr','bit','bit','bit','bit','table']),
 (60,21):('basic.consume-ok',['shortstr']),
 (60,30):('basic.cancel',['shortstr','bit']),
 (60,31):('basic.cancel-ok',['shortstr']),
 (60,40):('basic.publish',['short','shortstr','shortstr','bit','bit']),
 (60,50):('basic.return',['short','shortstr','shortstr','shortstr']),
 (60,60):('basic.deliver',['shortstr','longlong','bit','shortstr','shortstr']),
 (60,70):('basic.get',['short','shortstr','bit']),
 (60,71):('basic.get-ok',['longlong','bit','shortstr','shortstr','long']),
 (60,72):('basic.get-empty',['shortstr']),
 (60,80):('basic.ack',['longlong','bit']),
 (60,90):('basic.reject',['longlong','bit']),
 (60,100):('basic.recover-async',['bit']),
 (60,110):('basic.recover',['bit']),
 (60,111):('basic.recover-ok',[]),
 (60,120):('basic.nack',['longlong','bit','bit']),
 (85,10):('confirm.select',['bit']),
 (85,11):('confirm.select-ok',[]),
 (90,10):('tx.select',[]),(90,11):('tx.select-ok',[]),
 (90,20):('tx.commit',[]),(90,21):('tx.commit-ok',[]),
 (90,30):('tx.rollback',[]),(90,31):('tx.rollback-ok',[]),
}
BYNAME = {v[0]: (k, v[1]) for k, v in SPEC.items()}

def shortstr(s):
    b = s.encode() if isinstance(s, str) else s
    return bytes([len(b)]) + b
def longstr(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack('>I', len(b)) + b

def enc_value(v):
    if isinstance(v, tuple):
        t, x = v
        fmt = {'b':'>b','B':'>B','s':'>h','u':'>H','I':'>i','i':'>I','l':'>q','f':'>f','d':'>d','T':'>Q'}
        if t in fmt: return t.encode() + struct.pack(fmt[t], x)
        if t == 'S': return b'S' + longstr(x)
        if t == 'x': return b'x' + longstr(x)
        if t == 'V': return b'V'
        raise ValueError(t)
    if v is None: return b'V'
    if isinstance(v, bool): return b't' + bytes([1 if v else 0])
    if isinstance(v, int): return b'I' + struct.pack('>i', v)
    if isinstance(v, str): return b'S' + longstr(v)
    if isinstance(v, dict): return b'F' + enc_table(v)
    if isinstance(v, list):
        body = b''.join(enc_value(x) for x in v)
        return b'A' + struct.pack('>I', len(body)) + body
    raise ValueError(v)

def enc_table(d):
    body = b''.join(shortstr(k) + enc_value(v) for k, v in (d or {}).items())
    return struct.pack('>I', len(body)) + body

class Reader:
    def __init__(self, b): self.b, self.p = b, 0
    def take(self, n):
        r = self.b[self.p:self.p+n]; self.p += n; return r
    def octet(self): return self.take(1)[0]
    def short(self): return struct.unpack('>H', self.take(2))[0]
    def long(self): return struct.unpack('>I', self.take(4))[0]
    def longlong(self): return struct.unpack('>Q', self.take(8))[0]
    def shortstr(self): return self.take(self.octet()).decode(errors='replace')
    def longstr(self): return self.take(self.long())
    def table(self):
        end = self.long() + self.p; d = {}
        while self.p < end:
            k = self.shortstr(); d[k] = self.value()
        return d
    def value(self):
        t = chr(self.octet())
        fmt = {'b':'>b','B':'>B','s':'>h','u':'>H','I':'>i','i':'>I','l':'>q','f':'>f','d':'>d','T':'>Q'}
        if t in fmt:
            n = struct.calcsize(fmt[t]); return (t, struct.unpack(fmt[t], self.take(n))[0])
        if t == 't': return ('t', bool(self.octet()))
        if t == 'S': return ('S', self.longstr().decode(errors='replace'))
        if t == 'x': return ('x', self.longstr())
        if t == 'V': return ('V', None)
        if t == 'F': return ('F', self.table())
        if t == 'D': return ('D', (self.octet(), self.long()))
        if t == 'A':
            end = self.long() + self.p; a = []
            while self.p < end: a.append(self.value())
            return ('A', a)
        raise ValueError('type ' + t)

def dec_args(types, r):
    out = []; bitpos = 8; bitbyte = 0
    for t in types:
        if t == 'bit':
            if bitpos == 8: bitbyte = r.octet(); bitpos = 0
            out.append(bool(bitbyte >> bitpos & 1)); bitpos += 1
        else:
            bitpos = 8; out.append(getattr(r, t)())
    return out

def enc_args(types, args):
    out = b''; bits = []
    def flush():
        nonlocal out, bits
        if bits:
            v = 0
            for i, b in enumerate(bits): v |= (1 if b else 0) << i
            out += bytes([v]); bits = []
    for t, a in zip(types, args):
        if t == 'bit': bits.append(a); continue
        flush()
        if t == 'octet': out += bytes([a])
        elif t == 'short': out += struct.pack('>H', a)
        elif t == 'long': out += struct.pack('>I', a)
        elif t == 'longlong': out += struct.pack('>Q', a)
        elif t == 'shortstr': out += shortstr(a)
        elif t == 'longstr': out += longstr(a)
        elif t == 'table': out += enc_table(a)
    flush()
    return out

PROPS = [('content-type','shortstr'),('content-encoding','shortstr'),('headers','table'),('delivery-mode','octet'),
         ('priority','octet'),('correlation-id','shortstr'),('reply-to','shortstr'),('expiration','shortstr'),
         ('message-id','shortstr'),('timestamp','longlong'),('type','shortstr'),('user-id','shortstr'),
         ('app-id','shortstr'),('cluster-id','shortstr')]

def enc_props(props):
    flags = 0; body = b''
    for i, (name, t) in enumerate(PROPS):
        if name in props:
            flags |= 1 << (15 - i)
            body += enc_args([t], [props[name]])
    return struct.pack('>H', flags) + body

def dec_props(r):
    flags = r.short(); d = {}
    for i, (name, t) in enumerate(PROPS):
        if flags & (1 << (15 - i)):
            d[name] = getattr(r, t)()
    return d


def log(*a):
    s = ' '.join(str(x) for x in a); print(s, flush=True)

class Conn:
    def __init__(self, port, label='c', handshake=True, frame_max=131072):
        self.label = label
        self.s = socket.create_connection(('127.0.0.1', port)); self.s.settimeout(3)
        self.buf = b''
        self.frame_max = frame_max
        if handshake: self.handshake(frame_max)

    def send_frame(self, ftype, ch, payload):
        self.s.sendall(struct.pack('>BHI', ftype, ch, len(payload)) + payload + b'\xce')

    def send(self, ch, name, *args):
        (c, m), types = BYNAME[name]
        self.send_frame(1, ch, struct.pack('>HH', c, m) + enc_args(types, args))

    def publish(self, ch, exchange, key, body=b'', props=None, mandatory=False, immediate=False):
        self.send(ch, 'basic.publish', 0, exchange, key, mandatory, immediate)
        body = body.encode() if isinstance(body, str) else body
        self.send_frame(2, ch, struct.pack('>HHQ', 60, 0, len(body)) + enc_props(props or {}))
        step = self.frame_max - 8
        for i in range(0, len(body), step):
            self.send_frame(3, ch, body[i:i+step])

    def read_frame(self, timeout=3):
        self.s.settimeout(timeout)
        while len(self.buf) < 7 or len(self.buf) < 8 + struct.unpack('>I', self.buf[3:7])[0]:
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                return None
            except ConnectionResetError:
                return ('RST',)
            if not d: return ('FIN',)
            self.buf += d
        t, ch, size = struct.unpack('>BHI', self.buf[:7])
        payload = self.buf[7:7+size]; self.buf = self.buf[8+size:]
        return (t, ch, payload)

    def next(self, timeout=3, quiet=False):
        """Reads one frame, prints and returns it decoded: (ch, name, args) / (ch,'header',props) / (ch,'body',b)."""
        f = self.read_frame(timeout)
        if f is None: out = None
        elif f[0] in ('FIN', 'RST'): out = (None, 'socket closed: ' + f[0], None)
        else:
            t, ch, p = f; r = Reader(p)
            if t == 1:
                c, m = struct.unpack('>HH', p[:4]); r.p = 4
                name, types = SPEC.get((c, m), ('unknown %d.%d' % (c, m), []))
                out = (ch, name, dec_args(types, r))
            elif t == 2:
                r.p = 4; size = r.longlong(); out = (ch, 'header', {'body-size': size, **dec_props(r)})
            elif t == 3: out = (ch, 'body', p[:60])
            elif t == 8: out = (ch, 'heartbeat', None)
            else: out = (ch, 'frame-type-%d' % t, p)
        if not quiet: log('  %s <- %s' % (self.label, out))
        if out and out[1] == 'connection.close':
            self.send(0, 'connection.close-ok')
        return out

    def drain(self, timeout=1, quiet=False):
        """Reads and prints frames until none arrives for `timeout` seconds or the socket ends."""
        fs = []
        while True:
            f = self.next(timeout, quiet)
            if f is None or f[1].startswith('socket closed'): return fs + ([f] if f else [])
            fs.append(f)

    def handshake(self, frame_max):
        self.s.sendall(b'AMQP\x00\x00\x09\x01')
        self.next(quiet=True)
        resp = b'\x00guest\x00guest'
        self.send(0, 'connection.start-ok', {'capabilities': {'publisher_confirms': True, 'consumer_cancel_notify': True, 'basic.nack': True, 'connection.blocked': True}}, 'PLAIN', resp, 'en_US')
        tune = self.next(quiet=True)
        self.send(0, 'connection.tune-ok', tune[2][0], frame_max, 0)
        self.send(0, 'connection.open', '/', '', False)
        self.next(quiet=True)

    def channel(self, ch):
        self.send(ch, 'channel.open', ''); self.next(quiet=True); return ch

    def close(self):
        try: self.s.close()
        except Exception: pass



# ---------------------------------------------------------------------------------------------------------
# MQTT 3.1.1, just enough for section i.

def vbi(n):
    out = b''
    while True:
        d = n % 128
        n //= 128
        out += bytes([d | (0x80 if n else 0)])
        if not n:
            return out


def mstr(x):
    b = x.encode() if isinstance(x, str) else x
    return struct.pack('>H', len(b)) + b


class Mqtt:
    def __init__(self, port, client_id, label='m'):
        self.label = label
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.buf = b''
        self.packet(0x10, mstr('MQTT') + bytes([4, 0x02]) + struct.pack('>H', 60) + mstr(client_id))
        log('  %s <- %s' % (label, self.read()))

    def packet(self, first, body):
        self.sock.sendall(bytes([first]) + vbi(len(body)) + body)

    def subscribe(self, pid, topic, qos):
        self.packet(0x82, struct.pack('>H', pid) + mstr(topic) + bytes([qos]))
        log('  %s <- %s' % (self.label, self.read()))

    def publish(self, topic, payload, qos=0, retain=False, pid=1):
        body = mstr(topic) + (struct.pack('>H', pid) if qos else b'') + payload.encode()
        self.packet(0x30 | (qos << 1) | (1 if retain else 0), body)
        if qos:
            log('  %s <- %s' % (self.label, self.read()))

    def read(self, timeout=3):
        self.sock.settimeout(timeout)
        while True:
            packet = self.split()
            if packet:
                return self.decode(*packet)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                return None
            if not d:
                return 'EOF'
            self.buf += d

    def split(self):
        mult, n, i = 1, 0, 1
        while i < len(self.buf):
            b = self.buf[i]
            n += (b & 127) * mult
            mult *= 128
            i += 1
            if not b & 128:
                if len(self.buf) >= i + n:
                    first, body = self.buf[0], self.buf[i:i + n]
                    self.buf = self.buf[i + n:]
                    return first, body
                return None
        return None

    @staticmethod
    def decode(first, body):
        t = first >> 4
        if t == 2:
            return ('CONNACK', body[0], body[1])
        if t == 9:
            return ('SUBACK', struct.unpack('>H', body[:2])[0], list(body[2:]))
        if t == 4:
            return ('PUBACK', struct.unpack('>H', body[:2])[0])
        if t == 3:
            qos = (first >> 1) & 3
            tl = struct.unpack('>H', body[:2])[0]
            p = 2 + tl
            pid = None
            if qos:
                pid = struct.unpack('>H', body[p:p + 2])[0]
                p += 2
            return ('PUBLISH', {'topic': body[2:2 + tl].decode(), 'qos': qos, 'retain': bool(first & 1),
                                'dup': bool(first & 8), 'pid': pid, 'payload': body[p:]})
        return ('type %d' % t, body)


# ---------------------------------------------------------------------------------------------------------
# Helpers shared by the sections.

def section(title):
    log('')
    log('== ' + title)


def temp_queue(c, ch=1, exclusive=True, name=''):
    c.send(ch, 'queue.declare', 0, name, False, False, exclusive, True, False, {})
    return c.next(quiet=True)[2][0]


def fill(c, ch, n):
    q = temp_queue(c, ch)
    for i in range(n):
        c.publish(ch, '', q, 'm%d' % i)
    return q


def fresh(port, *channels, label='c', frame_max=131072):
    c = Conn(port, label=label, frame_max=frame_max)
    for ch in channels or (1,):
        c.channel(ch)
    return c


def matched(c, q):
    """basic.get with no-ack, quietly: True when the queue held a message."""
    c.send(1, 'basic.get', 0, q, True)
    with contextlib.redirect_stdout(io.StringIO()):
        f = c.next()
        if f[1] == 'basic.get-ok':
            c.next()
            c.next()
    return f[1] == 'basic.get-ok', f


def deliveries_per_consumer(c):
    tags = [f[2][0] for f in c.drain(1, quiet=True) if f and f[1] == 'basic.deliver']
    return 'a=%d b=%d' % (tags.count('a'), tags.count('b'))


def uniq(prefix):
    return '%s-%d-%d' % (prefix, os.getpid(), int(time.time() * 1000) % 100000)


# ---------------------------------------------------------------------------------------------------------
# The sections of docs/design/rabbitmq-reference.md.

def section_a(p, _mp):
    section('a. protocol headers: what comes back, and how the socket ends')
    headers = [b'AMQP\x00\x00\x09\x01', b'AMQP\x00\x00\x09\x02', b'AMQP\x01\x01\x00\x09', b'AMQP\x01\x01\x09\x01',
               b'AMQP\x00\x00\x09\x00', b'AMQP\x00\x00\x08\x00', b'AMQP\x01\x01\x00\x08', b'AMQP\x01\x01\x00\x0a',
               b'AMQP\x00\x01\x00\x00', b'AMQP\x03\x01\x00\x00', b'HTTP/1.1', b'GET / HTTP/1.1\r\n\r\n']
    for hdr in headers:
        s = socket.create_connection(('127.0.0.1', p))
        s.settimeout(2)
        s.sendall(hdr)
        data, end = b'', 'still open after 2 s'
        try:
            while len(data) < 24:
                d = s.recv(4096)
                if not d:
                    end = 'FIN'
                    break
                data += d
        except socket.timeout:
            pass
        except ConnectionResetError:
            end = 'RST'
        s.close()
        log('  sent %-26r <- %r... end: %s' % (hdr, data[:24], end))
    for partial in [b'', b'AMQP']:
        s = socket.create_connection(('127.0.0.1', p))
        s.settimeout(15)
        s.sendall(partial)
        t0 = time.time()
        try:
            log('  sent %r and waited <- %r after %.1f s' % (partial, s.recv(100), time.time() - t0))
        except ConnectionResetError:
            log('  sent %r and waited <- RST after %.1f s' % (partial, time.time() - t0))
        except socket.timeout:
            log('  sent %r and waited <- nothing in 15 s' % partial)
        s.close()


def section_b(p, _mp):
    section('b1. basic.recover requeue=false (one unacked delivery)')
    c = fresh(p)
    q = fill(c, 1, 1)
    c.send(1, 'basic.consume', 0, q, 'ct', False, False, False, False, {})
    c.drain(1)
    c.send(1, 'basic.recover', False)
    c.drain(1)
    section('b1. basic.recover-async requeue=false')
    c = fresh(p)
    c.send(1, 'basic.recover-async', False)
    c.drain(1)
    section('b1. basic.recover requeue=true (one unacked delivery)')
    c = fresh(p)
    q = fill(c, 1, 1)
    c.send(1, 'basic.consume', 0, q, 'ct', False, False, False, False, {})
    c.drain(1)
    c.send(1, 'basic.recover', True)
    c.drain(1)
    for g in (False, True):
        section('b2. basic.qos prefetch-size=1000 prefetch-count=10 global=%s' % g)
        c = fresh(p)
        c.send(1, 'basic.qos', 1000, 10, g)
        c.drain(1)
    section('b3. global: two consumers (a, b) on one channel, 5 ready messages in each queue, no acks')
    orders = [[(2, False)], [(2, True)], [(2, False), (3, True)], [(3, True), (2, False)]]
    for order in orders:
        c = fresh(p)
        for n, g in order:
            c.send(1, 'basic.qos', 0, n, g)
            c.next(quiet=True)
        qa, qb = fill(c, 1, 5), fill(c, 1, 5)
        c.send(1, 'basic.consume', 0, qa, 'a', False, False, False, False, {})
        c.send(1, 'basic.consume', 0, qb, 'b', False, False, False, False, {})
        log('  %s -> deliveries %s' % (' then '.join('qos(%d, global=%s)' % o for o in order),
                                       deliveries_per_consumer(c)))
        c.close()
    section('b3. qos(1, global=false), consume, then qos(3, global=false) and ack tag 1')
    c = fresh(p)
    c.send(1, 'basic.qos', 0, 1, False)
    c.next(quiet=True)
    q = fill(c, 1, 5)
    c.send(1, 'basic.consume', 0, q, 'a', False, False, False, False, {})
    c.drain(1)
    c.send(1, 'basic.qos', 0, 3, False)
    c.send(1, 'basic.ack', 1, False)
    c.drain(1)


def section_c(p, _mp):
    section('c1. basic.publish immediate=true (existing queue)')
    c = fresh(p)
    c.publish(1, '', temp_queue(c), 'x', immediate=True)
    c.drain(1)
    section('c2. basic.publish to a missing exchange (confirm channel)')
    c = fresh(p)
    c.send(1, 'confirm.select', False)
    c.next()
    c.publish(1, 'no-such-exchange', 'k', 'x')
    c.drain(1)
    section('c3. basic.publish to an internal exchange')
    c = fresh(p)
    x = uniq('internal')
    c.send(1, 'exchange.declare', 0, x, 'direct', False, False, True, True, False, {})
    c.next()
    c.publish(1, x, 'k', 'x')
    c.drain(1)
    section('c4. confirm channel: mandatory unroutable (amq.direct), mandatory unroutable (default exchange), '
            'non-mandatory unroutable')
    c = fresh(p)
    c.send(1, 'confirm.select', False)
    c.next()
    c.publish(1, 'amq.direct', 'nobody-bound', 'x', mandatory=True)
    c.publish(1, '', 'no-such-queue', 'y', mandatory=True)
    c.publish(1, 'amq.direct', 'nobody-bound', 'z')
    c.drain(1)
    section('c4. tx channel: mandatory unroutable publish, then tx.commit')
    c = fresh(p)
    c.send(1, 'tx.select')
    c.next()
    c.publish(1, 'amq.direct', 'nobody-bound', 'x', mandatory=True)
    c.drain(0.5)
    c.send(1, 'tx.commit')
    c.drain(1)


def section_d(p, _mp):
    for label, args in [('tag 99, nothing delivered', (99, False)), ('tag 99 multiple, nothing delivered', (99, True)),
                        ('tag 0', (0, False)), ('tag 0 multiple', (0, True))]:
        section('d1. basic.ack %s' % label)
        c = fresh(p)
        c.send(1, 'basic.ack', *args)
        c.drain(1)
    section('d1. basic.ack of a tag already acked')
    c = fresh(p)
    q = temp_queue(c)
    c.publish(1, '', q, 'x')
    c.send(1, 'basic.get', 0, q, False)
    c.drain(0.5, quiet=True)
    c.send(1, 'basic.ack', 1, False)
    c.send(1, 'basic.ack', 1, False)
    c.drain(1)
    section('d1. basic.reject / basic.nack of an unknown tag')
    c = fresh(p)
    c.send(1, 'basic.reject', 7, True)
    c.drain(1)
    c = fresh(p)
    c.send(1, 'basic.nack', 7, False, True)
    c.drain(1)
    section('d2. second basic.consume with consumer tag "tag1" on the same channel, then on another channel')
    c = fresh(p, 1, 2)
    q = temp_queue(c)
    c.send(1, 'basic.consume', 0, q, 'tag1', False, False, False, False, {})
    c.send(2, 'basic.consume', 0, q, 'tag1', False, False, False, False, {})
    c.send(1, 'basic.consume', 0, q, 'tag1', False, False, False, False, {})
    c.drain(1)
    section('d3. basic.consume exclusive=true on a queue that has a consumer (other channel)')
    c = fresh(p, 1, 2)
    q = temp_queue(c, exclusive=False, name=uniq('shared'))
    c.send(1, 'basic.consume', 0, q, 'first', False, False, False, False, {})
    c.next()
    c.send(2, 'basic.consume', 0, q, 'excl', False, False, True, False, {})
    c.drain(1)
    section('d3. basic.consume on a queue that has an exclusive consumer; then queue.delete of it')
    c = fresh(p, 1, 2)
    q = temp_queue(c, exclusive=False, name=uniq('shared'))
    c.send(1, 'basic.consume', 0, q, 'excl', False, False, True, False, {})
    c.next()
    c.send(2, 'basic.consume', 0, q, 'second', False, False, False, False, {})
    c.drain(1)
    c.send(1, 'queue.delete', 0, q, False, False, False)
    c.drain(1)
    section("d4. another connection's exclusive queue: consume, get, passive declare, declare, bind, delete")
    owner = fresh(p, label='owner')
    q = temp_queue(owner)
    for m, args in [('basic.consume', (0, q, '', False, False, False, False, {})), ('basic.get', (0, q, False)),
                    ('queue.declare', (0, q, True, False, False, False, False, {})),
                    ('queue.declare', (0, q, False, False, False, False, False, {})),
                    ('queue.bind', (0, q, 'amq.direct', 'k', False, {})),
                    ('queue.delete', (0, q, False, False, False))]:
        other = fresh(p, label='other')
        log('  -> %s%s' % (m, ' passive=%s' % args[2] if m == 'queue.declare' else ''))
        other.send(1, m, *args)
        other.drain(1)
        other.close()


def section_e(p, _mp):
    section('e1. queue.delete if-empty=true, queue holds 2 ready messages')
    c = fresh(p)
    q = fill(c, 1, 2)
    c.send(1, 'queue.delete', 0, q, False, True, False)
    c.drain(1)
    section('e1. queue.delete if-empty=true, the only message is delivered and unacked')
    c = fresh(p, 1, 2)
    q = fill(c, 1, 1)
    c.send(1, 'basic.get', 0, q, False)
    c.drain(0.5, quiet=True)
    c.send(2, 'queue.delete', 0, q, False, True, False)
    c.drain(1)
    section('e2. queue.delete if-unused=true, queue has a consumer')
    c = fresh(p, 1, 2)
    q = temp_queue(c)
    c.send(1, 'basic.consume', 0, q, 'ct', False, False, False, False, {})
    c.next()
    c.send(2, 'queue.delete', 0, q, True, False, False)
    c.drain(1)
    section('e2. queue.delete if-unused=true, queue has 1 message and no consumer; queue.delete of a missing queue')
    c = fresh(p)
    q = fill(c, 1, 1)
    c.send(1, 'queue.delete', 0, q, True, False, False)
    c.send(1, 'queue.delete', 0, 'no-such-queue-x', True, True, False)
    c.drain(1)
    section("e3. queue.purge of another connection's exclusive queue; of a missing queue")
    owner = fresh(p, label='owner')
    q = temp_queue(owner)
    other = fresh(p, label='other')
    other.send(1, 'queue.purge', 0, q, False)
    other.drain(1)
    other = fresh(p, label='other')
    other.send(1, 'queue.purge', 0, 'no-such-queue-x', False)
    other.drain(1)
    cases = [('queue.declare passive, missing queue', 'queue.declare',
              (0, 'no-such-queue-x', True, False, False, False, False, {})),
             ('queue.declare passive, empty name', 'queue.declare', (0, '', True, False, False, False, False, {})),
             ('exchange.declare passive, missing exchange', 'exchange.declare',
              (0, 'no-such-exchange-x', 'direct', True, False, False, False, False, {})),
             ('exchange.declare passive, amq.direct declared as fanout', 'exchange.declare',
              (0, 'amq.direct', 'fanout', True, False, False, False, False, {})),
             ('exchange.declare (not passive), amq.direct as fanout', 'exchange.declare',
              (0, 'amq.direct', 'fanout', False, True, False, False, False, {})),
             ('exchange.declare of a new amq.* name', 'exchange.declare',
              (0, 'amq.mine', 'fanout', False, True, False, False, False, {}))]
    for label, m, args in cases:
        section('e4. ' + label)
        c = fresh(p)
        c.send(1, m, *args)
        c.drain(1)


HEADER_CASES = [
    ('all: bind k=I(1), pub k=S("1")', {'x-match': 'all', 'k': ('I', 1)}, {'k': ('S', '1')}),
    ('all: bind k=I(1), pub k=I(1)', {'x-match': 'all', 'k': ('I', 1)}, {'k': ('I', 1)}),
    ('all: bind k=I(1), pub k=l(1) (int64)', {'x-match': 'all', 'k': ('I', 1)}, {'k': ('l', 1)}),
    ('all: bind k=I(1), pub k=b(1) (int8)', {'x-match': 'all', 'k': ('I', 1)}, {'k': ('b', 1)}),
    ('all: bind k=I(1), pub k=d(1.0) (double)', {'x-match': 'all', 'k': ('I', 1)}, {'k': ('d', 1.0)}),
    ('all: bind k=S("1"), pub k=x("1") (byte array)', {'x-match': 'all', 'k': ('S', '1')}, {'k': ('x', b'1')}),
    ('all: bind k=t(true), pub k=I(1)', {'x-match': 'all', 'k': True}, {'k': ('I', 1)}),
    ('all: bind k=V(void), pub k=S("anything")', {'x-match': 'all', 'k': None}, {'k': ('S', 'anything')}),
    ('all: bind k=V(void), pub k=V(void)', {'x-match': 'all', 'k': None}, {'k': None}),
    ('all: bind k=V(void), pub without k', {'x-match': 'all', 'k': None}, {'other': 'v'}),
    ('all: bind k=S("v"), pub k=V(void)', {'x-match': 'all', 'k': 'v'}, {'k': None}),
    ('all: bind a="1",b="2", pub a="1" (b absent)', {'x-match': 'all', 'a': '1', 'b': '2'}, {'a': '1'}),
    ('no x-match: bind a="1",b="2", pub a="1"', {'a': '1', 'b': '2'}, {'a': '1'}),
    ('any: bind a="1",b="2", pub a="1" (b absent)', {'x-match': 'any', 'a': '1', 'b': '2'}, {'a': '1'}),
    ('any: bind a="1",b="2", pub c="3"', {'x-match': 'any', 'a': '1', 'b': '2'}, {'c': '3'}),
    ('any: bind a="1",b="2", pub without headers', {'x-match': 'any', 'a': '1', 'b': '2'}, None),
    ('any: bind k=V(void), pub k=S("x")', {'x-match': 'any', 'k': None}, {'k': 'x'}),
    ('all: bind only x-match, pub without headers', {'x-match': 'all'}, None),
    ('any: bind only x-match, pub a="1"', {'x-match': 'any'}, {'a': '1'}),
    ('all: bind x-foo="1",a="1", pub a="1"', {'x-match': 'all', 'x-foo': '1', 'a': '1'}, {'a': '1'}),
    ('any: bind x-foo="1", pub x-foo="1"', {'x-match': 'any', 'x-foo': '1'}, {'x-foo': '1'}),
    ('any-with-x: bind x-foo="1", pub x-foo="1"', {'x-match': 'any-with-x', 'x-foo': '1'}, {'x-foo': '1'}),
    ('all: bind k=F({a:1}), pub k=F({a:1})', {'x-match': 'all', 'k': {'a': 1}}, {'k': {'a': 1}}),
    ('all: bind k=A([1]), pub k=A([1])', {'x-match': 'all', 'k': [1]}, {'k': [1]}),
]


def section_f(p, _mp):
    section('f. headers exchange: one queue per binding, one publish, then basic.get')
    c = fresh(p)
    x = uniq('hdrs')
    c.send(1, 'exchange.declare', 0, x, 'headers', False, False, False, False, False, {})
    c.next(quiet=True)
    for label, bargs, hdrs in HEADER_CASES:
        q = temp_queue(c)
        c.send(1, 'queue.bind', 0, q, x, '', False, bargs)
        c.next(quiet=True)
        c.publish(1, x, '', 'x', props={} if hdrs is None else {'headers': hdrs})
        ok, f = matched(c, q)
        log('  %-50s %s' % (label, 'MATCH' if ok else 'no match (%s)' % f[1]))
    for bad in ['some', ('I', 1)]:
        section('f. queue.bind with x-match=%r' % (bad,))
        c.send(1, 'queue.bind', 0, temp_queue(c), x, '', False, {'x-match': bad})
        c.drain(1)
        c = fresh(p)
    c.send(1, 'exchange.delete', 0, x, False, False)
    c.next(quiet=True)


def section_g(p, _mp):
    section('g. topic exchange: Y = a message with that routing key reached the queue with that binding key')
    c = fresh(p)
    x = uniq('topic')
    c.send(1, 'exchange.declare', 0, x, 'topic', False, False, False, False, False, {})
    c.next(quiet=True)
    bindings = ['#', 'a.#', '*', 'a.*.#', 'a.*.b', '#.a', 'a.#.b', '*.#', '#.#', '#.*', 'a..b', '', 'a.', '*.*',
                'a#', 'a*']
    keys = ['', 'a', 'a.b', 'a..b', '.', 'a.', '.a', 'a.b.c', 'a.x.b', 'a#', 'a*']
    queues = {}
    for b in bindings:
        queues[b] = temp_queue(c)
        c.send(1, 'queue.bind', 0, queues[b], x, b, False, {})
        c.next(quiet=True)
    for k in keys:
        c.publish(1, x, k, k)
    log('  %-10s %s' % ('binding', ' '.join('%-7r' % k for k in keys)))
    for b in bindings:
        got = []
        while True:
            c.send(1, 'basic.get', 0, queues[b], True)
            with contextlib.redirect_stdout(io.StringIO()):
                f = c.next()
                if f[1] != 'basic.get-ok':
                    break
                c.next()
                c.next()
            got.append(f[2][3])
        log('  %-10r %s' % (b, ' '.join('%-7s' % ('Y' if k in got else '.') for k in keys)))
    c.send(1, 'exchange.delete', 0, x, False, False)
    c.next(quiet=True)


def rabbitmqctl_eval(expr):
    subprocess.run([os.path.join(HERE, 'rabbitmq.sh'), 'ctl', '-q', 'eval', expr], check=True,
                   stdout=subprocess.DEVNULL)


def section_h(p, _mp):
    # Read by each new channel (rabbit_channel), so a running node can be lowered and restored.
    rabbitmqctl_eval('application:set_env(rabbit, max_message_size, 1024).')
    try:
        for n in [1024, 1025]:
            section('h. max_message_size = 1024: publish a %d-byte body on a confirm channel' % n)
            c = fresh(p)
            c.send(1, 'confirm.select', False)
            c.next(quiet=True)
            c.publish(1, '', temp_queue(c), b'x' * n)
            c.drain(1)
        section('h. a content header announcing 2000 bytes, no body frame yet')
        c = fresh(p)
        c.send(1, 'basic.publish', 0, '', 'k', False, False)
        c.send_frame(2, 1, struct.pack('>HHQ', 60, 0, 2000) + enc_props({}))
        c.drain(1)
    finally:
        rabbitmqctl_eval('application:set_env(rabbit, max_message_size, 134217728).')
    section('h. frame-max 4096 negotiated, then a 5000-byte body frame')
    c = fresh(p, frame_max=4096)
    c.send(1, 'basic.publish', 0, '', 'k', False, False)
    c.send_frame(2, 1, struct.pack('>HHQ', 60, 0, 5000) + enc_props({}))
    c.send_frame(3, 1, b'y' * 5000)
    c.drain(1)


def get_all(c, q):
    while True:
        c.send(1, 'basic.get', 0, q, True)
        if c.next()[1] != 'basic.get-ok':
            return
        c.next()
        c.next()


def bound_queue(c, *keys):
    q = temp_queue(c)
    for k in keys:
        c.send(1, 'queue.bind', 0, q, 'amq.topic', k, False, {})
        c.next(quiet=True)
    return q


def section_i(p, mp):
    c = fresh(p)
    section('i1. MQTT publish to a/b/c: QoS 0, QoS 1, QoS 1 retained -> AMQP queue bound to amq.topic with "#"')
    q = bound_queue(c, '#')
    m = Mqtt(mp, uniq('probe-pub'), 'mqtt-pub')
    m.publish('a/b/c', 'q0', qos=0)
    m.publish('a/b/c', 'q1', qos=1, pid=7)
    m.publish('a/b/c', 'q1r', qos=1, retain=True, pid=8)
    time.sleep(0.5)
    get_all(c, q)
    section('i1. the same publish, queues bound with "a.b.c", "a.*.c", "a/b/c"')
    queues = [(k, bound_queue(c, k)) for k in ['a.b.c', 'a.*.c', 'a/b/c']]
    m.publish('a/b/c', 'k', qos=1, pid=9)
    time.sleep(0.3)
    for k, qq in queues:
        log('  queue bound with %r:' % k)
        get_all(c, qq)
    section('i2. MQTT publish to topics with "." and empty levels -> AMQP routing keys')
    q = bound_queue(c, '#')
    for t in ['x.y/z', '/lead', 'trail/', 'a//b']:
        m.publish(t, t, qos=1, pid=10)
    time.sleep(0.3)
    get_all(c, q)
    section('i3. AMQP publishes to amq.topic -> MQTT subscribers')
    subs = []
    for topic, qos in [('a/b/c', 1), ('a/+/c', 0), ('x.y/z', 1), ('#', 1)]:
        s = Mqtt(mp, uniq('probe-sub'), 'sub %s q%d' % (topic, qos))
        s.subscribe(1, topic, qos)
        subs.append(s)
    c.publish(1, 'amq.topic', 'a.b.c', 'amqp persistent',
              props={'delivery-mode': 2, 'headers': {'h': 'v'}, 'content-type': 'text/plain'})
    c.publish(1, 'amq.topic', 'a.b.c', 'amqp no properties')
    c.publish(1, 'amq.topic', 'a.b.c', 'amqp x-mqtt-publish-qos=0', props={'headers': {'x-mqtt-publish-qos': ('b', 0)}})
    c.publish(1, 'amq.topic', 'x.y.z', 'amqp key x.y.z')
    c.publish(1, 'amq.topic', 'x/y.z', 'amqp key x/y.z')
    for s in subs:
        while True:
            r = s.read(1)
            log('  %s <- %s' % (s.label, r))
            if r is None or r == 'EOF':
                break
            if r[0] == 'PUBLISH' and r[1]['qos'] == 1:
                s.packet(0x40, struct.pack('>H', r[1]['pid']))
    # Clear the retained message so the next run starts alike (an empty retained publish deletes it).
    m.publish('a/b/c', '', qos=1, retain=True, pid=11)


def amqp_ports():
    if 'RABBITMQ_AMQP_PORT' in os.environ:
        return int(os.environ['RABBITMQ_AMQP_PORT']), int(os.environ.get('RABBITMQ_MQTT_PORT', '0'))
    state = os.environ.get('TSUNAGU_STATE_DIR') or os.path.join(HERE, '..', '..', '.tsunagu')
    env_file = os.path.join(state, 'rabbitmq.env')
    if not os.path.exists(env_file):
        sys.exit('tsunagu: no %s: start RabbitMQ first (infra/local/rabbitmq.sh start).' % env_file)
    env = dict(line.strip().split('=', 1) for line in open(env_file) if '=' in line)
    return int(env['RABBITMQ_AMQP_PORT']), int(env['RABBITMQ_MQTT_PORT'])


def main():
    sections = sys.argv[1:] or list('abcdefghi')
    port, mqtt_port = amqp_ports()
    for name in sections:
        fn = globals().get('section_' + name)
        if fn is None:
            sys.exit('usage: %s [a b c d e f g h i]' % sys.argv[0])
        fn(port, mqtt_port)


if __name__ == '__main__':
    main()
