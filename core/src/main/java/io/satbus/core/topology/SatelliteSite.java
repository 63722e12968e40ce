package io.satbus.core.topology;

/**
 * A satellite as read, with where its parts were written, for the checks that span
 * satellites ({@link WiringValidator}).
 *
 * @param spec    the satellite, best effort when it had problems
 * @param at      where its name was written
 * @param service the {@code service} node, or null when defaulted
 * @param sendTo  the {@code send_to} node, or null
 * @param config  the {@code config} node, or null
 */
record SatelliteSite(SatelliteSpec spec, Mark at, YamlNode service, YamlNode sendTo, YamlNode config) {
}
