/**
 * The satbus message envelope: a MessagePack header frame followed by a raw payload frame.
 * The codecs here are stateless; encoders reuse no buffers across threads.
 */
package io.satbus.core.envelope;
