package io.satbus.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * File-system failures on paths a user chose ({@code --runs}, {@code --out}), said in one line
 * that names the option, the path, what went wrong and what was expected.
 */
public final class IoProblems {
    private IoProblems() {
    }

    /** Creates folder {@code dir} given by {@code option}; a failure is the user's to fix. */
    public static Path createFolder(final String option, final Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new IllegalArgumentException(option + " " + dir + " : cannot create the folder, " + reason(ex)
                + " (expected: a folder satbus may create and write in)", ex);
        }
    }

    /** Writes {@code text} to file {@code file} given by {@code option}; a failure is the user's to fix. */
    public static void writeFile(final String option, final Path file, final String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException ex) {
            throw new IllegalArgumentException(option + " " + file + " : cannot write the file, " + reason(ex)
                + " (expected: a file in a folder that exists and satbus may write in)", ex);
        }
    }

    /** What went wrong, in words, without the exception's class name. */
    static String reason(final IOException ex) {
        final String what;
        if (ex instanceof NoSuchFileException) {
            what = "no such file or folder";
        } else if (ex instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (ex instanceof FileAlreadyExistsException) {
            what = "a file of that name is in the way";
        } else if (ex instanceof NotDirectoryException) {
            what = "not a folder";
        } else if (ex instanceof FileSystemException fs && fs.getReason() != null) {
            what = fs.getReason();
        } else {
            what = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        if (ex instanceof FileSystemException fs && fs.getFile() != null) {
            return what + ": " + fs.getFile();
        }
        return what;
    }
}
