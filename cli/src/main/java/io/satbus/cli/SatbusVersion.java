package io.satbus.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "dev" when run from classes. */
final class SatbusVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        final String v = Satbus.class.getPackage().getImplementationVersion();
        return new String[] {"satbus " + (v == null ? "0.1.0-dev" : v)};
    }
}
