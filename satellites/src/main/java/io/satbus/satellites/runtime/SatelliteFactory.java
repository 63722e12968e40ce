package io.satbus.satellites.runtime;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.SatelliteTypes;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.builtin.Generator;
import io.satbus.satellites.builtin.Sink;
import io.satbus.satellites.builtin.Transformer;
import io.satbus.satellites.firehose.EventParser;
import io.satbus.satellites.firehose.Feed;
import io.satbus.satellites.firehose.Fetcher;
import io.satbus.satellites.firehose.Publisher;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Makes the satellite a topology entry names: a built-in by {@code type}, or a user class by
 * {@code class}, loaded from {@code classpath} (jars or folders, separated by the platform's path
 * separator, relative to the topology file's folder) with the satbus class loader as parent.
 * Errors say which entry is wrong, what was found and what was expected.
 *
 * <p>Stateless and thread-safe. Each call with a classpath makes its own class loader, which
 * lives as long as the satellite it loaded.
 */
public final class SatelliteFactory {
    private SatelliteFactory() {
    }

    /** A new, unopened satellite for {@code spec}. */
    public static Satellite create(final SatelliteSpec spec, final Path baseDir) {
        if (spec.className() != null) {
            return load(spec, baseDir);
        }
        if (spec.type() == null) {
            throw new IllegalArgumentException("satellites." + spec.name()
                + " : neither type nor class (expected: a built-in type " + new TreeSet<>(SatelliteTypes.BUILT_IN)
                + " or a class)");
        }
        return switch (spec.type()) {
            case SatelliteTypes.GENERATOR -> new Generator();
            case SatelliteTypes.TRANSFORMER -> new Transformer();
            case SatelliteTypes.SINK -> new Sink();
            case SatelliteTypes.FETCHER -> new Fetcher();
            case SatelliteTypes.PARSER -> new EventParser();
            case SatelliteTypes.PUBLISHER -> new Publisher();
            case SatelliteTypes.FEED -> new Feed();
            default -> throw new IllegalArgumentException("satellites." + spec.name() + ".type : \"" + spec.type()
                + "\" (expected: one of " + new TreeSet<>(SatelliteTypes.BUILT_IN) + ")");
        };
    }

    /**
     * Checks, without running any of its code, that {@code spec}'s {@code class} is on its
     * {@code classpath} (or satbus's), implements {@link Satellite}, is concrete and has a public
     * no-arg constructor: what {@link #create} would find, said the same way.
     *
     * @throws IllegalArgumentException naming the entry, what was found and what was expected
     */
    public static void check(final SatelliteSpec spec, final Path baseDir) {
        if (spec.className() != null) {
            constructor(spec, satelliteClass(spec, baseDir, false));
        }
    }

    private static Satellite load(final SatelliteSpec spec, final Path baseDir) {
        final String where = "satellites." + spec.name() + ".class";
        final Constructor<?> constructor = constructor(spec, satelliteClass(spec, baseDir, true));
        final Class<?> type = constructor.getDeclaringClass();
        try {
            return (Satellite) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(where + " : constructor of " + type.getName() + " threw "
                + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(where + " : " + type.getName() + " cannot be made (" + e + ")", e);
        }
    }

    /** {@code spec}'s class, initialized or not; checked to be a concrete {@link Satellite}. */
    private static Class<?> satelliteClass(final SatelliteSpec spec, final Path baseDir, final boolean initialize) {
        final String where = "satellites." + spec.name() + ".class";
        final List<Path> entries = classpath(spec, baseDir);
        final ClassLoader parent = SatelliteFactory.class.getClassLoader();
        final ClassLoader loader = entries.isEmpty() ? parent : new URLClassLoader(urls(entries), parent);
        final Class<?> type;
        try {
            type = Class.forName(spec.className(), initialize, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(where + " : " + spec.className() + " not found (searched: "
                + (entries.isEmpty() ? "" : entries + ", then ") + "the satbus classpath)"
                + (e instanceof LinkageError ? " [" + e + "]" : ""), e);
        }
        if (!Satellite.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(where + " : " + type.getName() + " does not implement "
                + Satellite.class.getName() + " (expected: a class implementing it)");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(where + " : " + type.getName() + " is abstract (expected: a concrete class)");
        }
        return type;
    }

    private static Constructor<?> constructor(final SatelliteSpec spec, final Class<?> type) {
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("satellites." + spec.name() + ".class : " + type.getName()
                + " has no public no-arg constructor (expected: public " + type.getSimpleName() + "())", e);
        }
    }

    private static List<Path> classpath(final SatelliteSpec spec, final Path baseDir) {
        final List<Path> entries = new ArrayList<>();
        if (spec.classpath() == null || spec.classpath().isBlank()) {
            return entries;
        }
        for (String part : spec.classpath().split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            final Path p = baseDir.resolve(part.trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException("satellites." + spec.name() + ".classpath : \"" + part.trim()
                    + "\" (" + p + ") does not exist (expected: a jar or a folder, relative to " + baseDir + ")");
            }
            entries.add(p);
        }
        return entries;
    }

    private static URL[] urls(final List<Path> entries) {
        final URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("classpath entry : " + entries.get(i) + " (expected: a file path)", e);
            }
        }
        return urls;
    }
}
