package io.satbus.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a bench ran on, for the reports: cores, CPU model (from /proc/cpuinfo where there
 * is one), JDK and operating system. Immutable.
 */
record Machine(int cores, String cpu, String jdk, String os) {
    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static String cpuModel() {
        try {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (final String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ex) {
            // not Linux: say so below
        }
        return "unknown";
    }
}
