package io.satbus.core.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * satbus batches (docs/protocol.md section 2.6): several service-endpoint messages carried in one
 * ZeroMQ message, so that a satbus satellite and the orchester exchange one message per round of
 * their loops instead of one per request, reply and acknowledgement.
 *
 * <pre>
 * [""]["SATB01"][batch]
 * batch   = message, message, ...                       (at least one)
 * message = frames: uint16, then per frame { length: uint32, bytes }
 * </pre>
 * A message inside a batch is the MDP message without its leading empty frame, for example
 * {@code ["MDPC01"][service][envelope header][payload]}. Integers are big-endian.
 *
 * <p>{@link Writer} packs, {@link Reader} unpacks. Neither is thread safe.
 */
public final class Batch {
    /** The protocol frame of a batch, in the place of "MDPC01"/"MDPW01". */
    public static final String PROTOCOL = "SATB01";
    public static final byte[] PROTOCOL_BYTES = PROTOCOL.getBytes(StandardCharsets.US_ASCII);
    /** Most frames of one message inside a batch. */
    public static final int MAX_FRAMES = 0xffff;
    /** Default size of a batch frame, when the peers' largest message is not smaller. */
    public static final int DEFAULT_LIMIT_BYTES = 256 * 1024;

    private static final int COUNT_BYTES = 2;
    private static final int LENGTH_BYTES = 4;

    private Batch() {
    }

    /** Bytes that frames {@code from..} of {@code frames} take inside a batch. */
    public static long encodedSize(final List<byte[]> frames, final int from) {
        return COUNT_BYTES + framesSize(frames, from);
    }

    /** The bytes frames {@code from..} of {@code frames} take in a batch, without the frame count. */
    private static long framesSize(final List<byte[]> frames, final int from) {
        long size = 0;
        for (int i = from; i < frames.size(); i++) {
            size += LENGTH_BYTES + Frames.lengthOf(frames, i);
        }
        return size;
    }

    /** True when {@code frames} (after the identity, if any) is {@code [""]["SATB01"][batch]}. */
    public static boolean isBatch(final List<byte[]> frames, final int from) {
        return frames.size() == from + 3 && leads(frames, from);
    }

    /**
     * True when {@code frames} (after the identity, if any) is {@code [""]["SATB01"]}: the frame
     * to come, if it is the last, is a batch.
     */
    public static boolean leadsABatch(final List<byte[]> frames, final int from) {
        return frames.size() == from + 2 && leads(frames, from);
    }

    private static boolean leads(final List<byte[]> frames, final int from) {
        return frames.get(from).length == 0 && Arrays.equals(frames.get(from + 1), PROTOCOL_BYTES);
    }

    /**
     * Packs messages into one batch frame of at most {@code limitBytes}. {@link #offer} adds a
     * message if it still goes in; one that never fits ({@code encodedSize > limitBytes}) is for
     * the caller to send on its own, unbatched.
     */
    public static final class Writer {
        private final int limitBytes;
        private byte[] buf;
        private int size;
        private int messages;

        public Writer(final int limitBytes) {
            if (limitBytes < COUNT_BYTES + LENGTH_BYTES) {
                throw new IllegalArgumentException("batch limit : " + limitBytes + " bytes (expected: >= "
                    + (COUNT_BYTES + LENGTH_BYTES) + ")");
            }
            this.limitBytes = limitBytes;
            this.buf = new byte[Math.min(limitBytes, 4096)];
        }

        public int limitBytes() {
            return limitBytes;
        }

        /**
         * Appends frames {@code from..} of {@code frames} as one message when they fit after what
         * the batch holds, and says whether they did, in one pass over the frames. When false the
         * batch is as it was; a message that does not fit an empty batch either is for the caller
         * to send on its own, unbatched.
         */
        public boolean offer(final List<byte[]> frames, final int from) {
            return offer(frames, from, List.of(), 0);
        }

        /**
         * {@link #offer(List, int)} of frames {@code headFrom..} of {@code head} followed by frames
         * {@code tailFrom..} of {@code tail}, as one message. A frame of a {@link Frames} is copied
         * from where it lies in its batch, so forwarding one does not copy it out first.
         */
        public boolean offer(final List<byte[]> head, final int headFrom, final List<byte[]> tail, final int tailFrom) {
            final int n = (head.size() - headFrom) + (tail.size() - tailFrom);
            if (n < 1) {
                throw new IllegalArgumentException("batch message : " + n + " frames (expected: 1.." + MAX_FRAMES + ")");
            }
            if (n > MAX_FRAMES) {
                return false;
            }
            final long encoded = COUNT_BYTES + framesSize(head, headFrom) + framesSize(tail, tailFrom);
            if (size + encoded > limitBytes) {
                return false;
            }
            ensure(size + (int) encoded);
            buf[size++] = (byte) (n >>> 8);
            buf[size++] = (byte) n;
            put(head, headFrom);
            put(tail, tailFrom);
            messages++;
            return true;
        }

        private void put(final List<byte[]> frames, final int from) {
            for (int i = from; i < frames.size(); i++) {
                final int length = Frames.lengthOf(frames, i);
                putInt(length);
                System.arraycopy(Frames.arrayOf(frames, i), Frames.offsetOf(frames, i), buf, size, length);
                size += length;
            }
        }

        /** Appends frames {@code from..} of {@code frames} as one message, which must fit ({@link #offer} otherwise). */
        public void add(final List<byte[]> frames, final int from) {
            if (!offer(frames, from)) {
                throw new IllegalArgumentException("batch message : " + (frames.size() - from) + " frames, "
                    + encodedSize(frames, from) + " bytes with " + size + " bytes held (expected: 1.." + MAX_FRAMES
                    + " frames within " + limitBytes + " bytes)");
            }
        }

        public boolean isEmpty() {
            return messages == 0;
        }

        /** Messages held. */
        public int messages() {
            return messages;
        }

        /** Bytes of the batch frame: {@link #array()} from 0. */
        public int size() {
            return size;
        }

        /** The batch frame's bytes, valid up to {@link #size()} until the next {@link #add} or {@link #clear}. */
        public byte[] array() {
            return buf;
        }

        public void clear() {
            size = 0;
            messages = 0;
        }

        /**
         * Empties the batch and carries on in {@code next}: the buffer held so far, which the
         * caller has sent from {@link #array()}, is no longer the writer's (see
         * {@code io.satbus.core.zmq.SendBuffers}).
         */
        public void clear(final byte[] next) {
            buf = next;
            clear();
        }

        private void putInt(final int v) {
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        private void ensure(final int needed) {
            if (needed > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(limitBytes, Math.max(needed, buf.length * 2)));
            }
        }
    }

    /**
     * Unpacks a batch frame one message at a time: messages before a malformed one have been
     * returned (and handled) before {@link #next} throws, so nothing well formed is lost with it.
     *
     * <p>Short frames repeat from message to message (the protocol and command frames, service
     * names, client addresses, the empty delimiter): one of at most {@link #SHARED_MAX_BYTES}
     * that the reader has met twice before is, from then on, one shared array, not a new copy.
     * Frames handed out are therefore never to be written into.
     */
    public static final class Reader {
        /** Longest frame the reader returns as a shared array when it has the same bytes. */
        public static final int SHARED_MAX_BYTES = 32;
        private static final int SHARED_WORDS = SHARED_MAX_BYTES / Long.BYTES;
        private static final int SHARED_SLOT_BITS = 7;
        private static final int SHARED_SLOTS = 1 << SHARED_SLOT_BITS;
        private static final long MIX = 0x9E3779B97F4A7C15L;
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
        private static final byte[] EMPTY = new byte[0];

        private final byte[][] shared = new byte[SHARED_SLOTS][];
        /** The words of each {@link #shared} array, {@link #SHARED_WORDS} per slot (zero past its length). */
        private final long[] sharedWords = new long[SHARED_SLOTS * SHARED_WORDS];
        /** Per slot, the hash of the last frame that was not shared there. */
        private final long[] missed = new long[SHARED_SLOTS];
        /** The words of the frame being read. */
        private final long[] words = new long[SHARED_WORDS];
        private final int maxFrames;
        private byte[] batch;
        private int end;
        private int pos;
        private int index;
        /** Frames of the message read in place, and where each lies in {@link #batch}. */
        private int frames;
        private int[] offsets = new int[8];
        private int[] lengths = new int[8];

        /** @param maxFrames most frames one message may have (the receiver's own limit) */
        public Reader(final int maxFrames) {
            this.maxFrames = Math.min(maxFrames, MAX_FRAMES);
        }

        /** Starts on a batch frame; an empty one is malformed. */
        public void reset(final byte[] batchFrame) throws MalformedFrameException {
            reset(batchFrame, batchFrame.length);
        }

        /**
         * Starts on a batch frame held in {@code array} from 0 to {@code length} (a receive buffer
         * longer than the frame). Every frame returned is a copy or a shared array, never a view of
         * {@code array}: once the batch is done (or dropped), {@code array} may be used again.
         */
        public void reset(final byte[] array, final int length) throws MalformedFrameException {
            if (length < 0 || length > array.length) {
                throw new IllegalArgumentException("batch : " + length + " bytes of an array of " + array.length);
            }
            if (length == 0) {
                batch = null;
                frames = 0;
                throw new MalformedFrameException("batch : empty frame (expected: at least one message)");
            }
            this.batch = array;
            this.end = length;
            this.pos = 0;
            this.index = 0;
            this.frames = 0;
        }

        /** True while messages are left. */
        public boolean hasNext() {
            return batch != null && pos < end;
        }

        /** Forgets the batch (its array is no longer read): {@link #hasNext} is false until the next reset. */
        public void clear() {
            batch = null;
            frames = 0;
        }

        /**
         * Appends the next message's frames to {@code into} (which it does not clear); false when
         * the batch is done. On a throw {@code into} is as it was.
         *
         * @throws MalformedFrameException when the next message is cut short or breaks a limit;
         *                                 the rest of the batch is dropped with it
         */
        public boolean next(final List<byte[]> into) throws MalformedFrameException {
            final int n = nextInPlace();
            for (int i = 0; i < n; i++) {
                into.add(frame(i));
            }
            return n > 0;
        }

        /**
         * Reads the next message without copying any of it: its frame {@code i} is bytes {@link
         * #offset}{@code (i)} to {@code offset(i) + }{@link #length}{@code (i)} of {@link #array()},
         * and {@link #frame}{@code (i)} is that frame as {@link #next} would give it. Valid until the
         * next read, reset or clear (and only while the array is not used again).
         *
         * @return how many frames the message has; 0 when the batch is done
         * @throws MalformedFrameException when the next message is cut short or breaks a limit;
         *                                 the rest of the batch is dropped with it
         */
        public int nextInPlace() throws MalformedFrameException {
            frames = 0;
            if (!hasNext()) {
                return 0;
            }
            index++;
            if (end - pos < COUNT_BYTES) {
                return fail("message " + index + " : " + (end - pos) + " bytes left (expected: a 2-byte frame count)");
            }
            final int n = ((batch[pos] & 0xff) << 8) | (batch[pos + 1] & 0xff);
            pos += COUNT_BYTES;
            if (n < 1 || n > maxFrames) {
                return fail("message " + index + " : " + n + " frames (expected: 1.." + maxFrames + ")");
            }
            if (n > offsets.length) {
                offsets = Arrays.copyOf(offsets, Math.max(n, 2 * offsets.length));
                lengths = Arrays.copyOf(lengths, offsets.length);
            }
            for (int i = 0; i < n; i++) {
                if (end - pos < LENGTH_BYTES) {
                    return fail("message " + index + " frame " + (i + 1) + " : " + (end - pos)
                        + " bytes left (expected: a 4-byte length)");
                }
                final long len = ((long) (batch[pos] & 0xff) << 24) | ((batch[pos + 1] & 0xff) << 16)
                    | ((batch[pos + 2] & 0xff) << 8) | (batch[pos + 3] & 0xff);
                pos += LENGTH_BYTES;
                if (len > end - pos) {
                    return fail("message " + index + " frame " + (i + 1) + " : length " + len + " with "
                        + (end - pos) + " bytes left (expected: at most what is left)");
                }
                offsets[i] = pos;
                lengths[i] = (int) len;
                pos += (int) len;
            }
            frames = n;
            return n;
        }

        /** The array the message read in place lies in. */
        public byte[] array() {
            return batch;
        }

        /** Where frame {@code i} of the message read in place starts in {@link #array()}. */
        public int offset(final int i) {
            return offsets[Objects.checkIndex(i, frames)];
        }

        /** Bytes of frame {@code i} of the message read in place. */
        public int length(final int i) {
            return lengths[Objects.checkIndex(i, frames)];
        }

        /** Frame {@code i} of the message read in place, as {@link #next} gives it: shared or a copy. */
        public byte[] frame(final int i) {
            Objects.checkIndex(i, frames);
            return frame(offsets[i], lengths[i]);
        }

        /**
         * Bytes {@code from..from+len} of the batch: a shared array for a short frame seen twice
         * before, else a copy. A short frame is read as up to four little-endian words (the last masked
         * to its length), which are its hash and, kept beside the shared array, what the next
         * frame is compared with. A frame takes a slot only when the last frame that missed there
         * had its hash: once seen twice, since most short frames are either the same every time
         * (protocol, command, service) or never twice (a dispatch token, an acknowledgement's
         * header), and these should not push the others out.
         */
        private byte[] frame(final int from, final int len) {
            if (len == 0) {
                return EMPTY;
            }
            if (len > SHARED_MAX_BYTES) {
                return Arrays.copyOfRange(batch, from, from + len);
            }
            final int n = (len + 7) >>> 3;
            long h = len;
            for (int k = 0; k < n; k++) {
                final long w = word(from + 8 * k, len - 8 * k);
                words[k] = w;
                h = (h ^ w) * MIX;
            }
            final int slot = (int) (h >>> (Long.SIZE - SHARED_SLOT_BITS));
            final byte[] seen = shared[slot];
            if (seen != null && seen.length == len && sameWords(slot, n)) {
                return seen;
            }
            final byte[] copy = Arrays.copyOfRange(batch, from, from + len);
            if (missed[slot] == h) {
                shared[slot] = copy;
                System.arraycopy(words, 0, sharedWords, slot * SHARED_WORDS, SHARED_WORDS);
            } else {
                missed[slot] = h;
            }
            return copy;
        }

        /** The {@code left} (or 8, if more) bytes of the batch from {@code at}, little-endian, zero above them. */
        private long word(final int at, final int left) {
            if (left >= Long.BYTES) {
                return (long) LONGS.get(batch, at);
            }
            if (at + Long.BYTES <= batch.length) {
                return (long) LONGS.get(batch, at) & ((1L << (left << 3)) - 1);
            }
            long w = 0;
            for (int j = 0; j < left; j++) {
                w |= (batch[at + j] & 0xffL) << (j << 3);
            }
            return w;
        }

        private boolean sameWords(final int slot, final int n) {
            final int base = slot * SHARED_WORDS;
            for (int k = 0; k < n; k++) {
                if (sharedWords[base + k] != words[k]) {
                    return false;
                }
            }
            return true;
        }

        private int fail(final String problem) throws MalformedFrameException {
            batch = null;
            frames = 0;
            throw new MalformedFrameException("batch " + problem);
        }
    }

    /**
     * The message a {@link Reader} last read in place, as a list: the frames of {@code prefix}
     * (what the receiver puts in front, such as the empty delimiter a batch leaves out), then the
     * message's. A frame of the message becomes an array (shared or a copy, as {@link Reader#next}
     * gives it) when it is first got; one that is only decoded can be read where it lies, with
     * {@link #inBatch}, {@link #array}, {@link #offset} and {@link #length}, and is never copied.
     * Valid until the next {@link #read} (or the reader's next read, reset or clear). NOT thread safe.
     */
    public static final class Frames extends AbstractList<byte[]> implements RandomAccess {
        private final Reader reader;
        private final byte[][] prefix;
        private byte[][] got = new byte[8][];
        private int frames;

        public Frames(final Reader reader, final byte[]... prefix) {
            this.reader = reader;
            this.prefix = prefix.clone();
        }

        /** Puts {@code frame} in place of prefix frame {@code i}: the same list for the messages of another sender. */
        public void setPrefix(final int i, final byte[] frame) {
            prefix[Objects.checkIndex(i, prefix.length)] = Objects.requireNonNull(frame, "frame");
        }

        /**
         * The array frame {@code i} of {@code frames} lies in: its batch's when {@code frames} is a
         * {@link Frames} and the frame one of its message's, else the frame itself. With {@link
         * #offsetOf} and {@link #lengthOf}, reads any frame list where its bytes are.
         */
        public static byte[] arrayOf(final List<byte[]> frames, final int i) {
            if (frames instanceof Frames f && f.inBatch(i)) {
                return f.array();
            }
            return frames instanceof Parts p ? p.arrays[i] : frames.get(i);
        }

        /** Where frame {@code i} of {@code frames} starts in {@link #arrayOf}. */
        public static int offsetOf(final List<byte[]> frames, final int i) {
            if (frames instanceof Frames f && f.inBatch(i)) {
                return f.offset(i);
            }
            return frames instanceof Parts p ? p.offsets[i] : 0;
        }

        /** Bytes of frame {@code i} of {@code frames}. */
        public static int lengthOf(final List<byte[]> frames, final int i) {
            if (frames instanceof Frames f && f.inBatch(i)) {
                return f.length(i);
            }
            return frames instanceof Parts p ? p.lengths[i] : frames.get(i).length;
        }

        /**
         * Reads the reader's next message in place; false when its batch is done.
         *
         * @throws MalformedFrameException as {@link Reader#nextInPlace} does; the list is then empty of the message
         */
        public boolean read() throws MalformedFrameException {
            Arrays.fill(got, 0, frames, null);
            frames = 0;
            final int n = reader.nextInPlace();
            if (n > got.length) {
                got = new byte[Math.max(n, 2 * got.length)][];
            }
            frames = n;
            return n > 0;
        }

        @Override
        public int size() {
            return prefix.length + frames;
        }

        @Override
        public byte[] get(final int i) {
            Objects.checkIndex(i, size());
            if (i < prefix.length) {
                return prefix[i];
            }
            final int k = i - prefix.length;
            byte[] f = got[k];
            if (f == null) {
                f = reader.frame(k);
                got[k] = f;
            }
            return f;
        }

        /** True when frame {@code i} is one of the message's, readable in place; false for the prefix. */
        public boolean inBatch(final int i) {
            Objects.checkIndex(i, size());
            return i >= prefix.length;
        }

        /** The array the message's frames lie in. */
        public byte[] array() {
            return reader.array();
        }

        /** Where frame {@code i}, one of the message's, starts in {@link #array()}. */
        public int offset(final int i) {
            return reader.offset(i - prefix.length);
        }

        /** Bytes of frame {@code i}, one of the message's. */
        public int length(final int i) {
            return reader.length(i - prefix.length);
        }
    }

    /**
     * A message being put together to send, whose frames are arrays or ranges of larger arrays
     * ({@link #addRange}, such as a header just encoded into a thread's buffer), so that a
     * {@link Writer} copies a range straight into its batch. {@link #get} of a range copies it
     * out (a message sent on its own, unbatched). Reusable ({@link #clear}); NOT thread safe.
     */
    public static final class Parts extends AbstractList<byte[]> implements RandomAccess {
        private byte[][] arrays = new byte[8][];
        private int[] offsets = new int[8];
        private int[] lengths = new int[8];
        private boolean[] ranges = new boolean[8];
        private int size;

        @Override
        public boolean add(final byte[] frame) {
            put(frame, 0, frame.length, false);
            return true;
        }

        /** Adds bytes {@code offset..offset+length} of {@code array} as a frame, read there until {@link #clear}. */
        public void addRange(final byte[] array, final int offset, final int length) {
            Objects.checkFromIndexSize(offset, length, array.length);
            put(array, offset, length, true);
        }

        private void put(final byte[] array, final int offset, final int length, final boolean range) {
            if (size == arrays.length) {
                arrays = Arrays.copyOf(arrays, 2 * size);
                offsets = Arrays.copyOf(offsets, 2 * size);
                lengths = Arrays.copyOf(lengths, 2 * size);
                ranges = Arrays.copyOf(ranges, 2 * size);
            }
            arrays[size] = array;
            offsets[size] = offset;
            lengths[size] = length;
            ranges[size] = range;
            size++;
        }

        /** True when frame {@code i} is a range of a larger array. */
        public boolean isRange(final int i) {
            return ranges[Objects.checkIndex(i, size)];
        }

        @Override
        public byte[] get(final int i) {
            Objects.checkIndex(i, size);
            return ranges[i] ? Arrays.copyOfRange(arrays[i], offsets[i], offsets[i] + lengths[i]) : arrays[i];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void clear() {
            Arrays.fill(arrays, 0, size, null);
            size = 0;
        }
    }
}
