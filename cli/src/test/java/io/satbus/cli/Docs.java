package io.satbus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests write the pictures the docs show, so that the docs never show a stale one. */
final class Docs {
    private Docs() {
    }

    /** {@code docs/images/NAME} in the repository, its folder made. */
    static Path image(final String name) throws IOException {
        final Path folder = TestTopologies.repoRoot().resolve("docs/images");
        Files.createDirectories(folder);
        return folder.resolve(name);
    }
}
