/**
 * Wire constants and small frame codecs of the service protocol: Majordomo 0.1
 * (rfc.zeromq.org spec 7) plus satbus's extensions, which plain MDP peers never see.
 * See docs/protocol.md for every frame of every exchange. Everything here is immutable.
 */
package io.satbus.core.protocol;
