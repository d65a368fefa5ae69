package io.gearmancdi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the packages layered as docs/design.md ("Layers") says: the plain-Java core (protocol, client, worker, admin, server) never
 * imports Jakarta or MicroProfile, and no layer imports one above it. Reads the sources, so it needs no extra library.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/io/gearmancdi");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(io\\.gearmancdi\\.\\w+)\\.[A-Z]");

    /** For each layer, the io.gearmancdi packages (first segment) it must not use. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("protocol", List.of("client", "worker", "admin", "server", "json", "cdi", "se")),
            Map.entry("client", List.of("worker", "admin", "server", "json", "cdi", "se")),
            Map.entry("worker", List.of("client", "admin", "server", "json", "cdi", "se")),
            Map.entry("admin", List.of("client", "worker", "server", "json", "cdi", "se")),
            Map.entry("server", List.of("client", "worker", "admin", "json", "cdi", "se")),
            Map.entry("json", List.of("cdi", "se")),
            Map.entry("health", List.of("server", "json", "cdi", "se", "metrics", "dashboard")),
            Map.entry("metrics", List.of("server", "json", "cdi", "se", "health")),
            Map.entry("tracing", List.of("client", "worker", "admin", "server", "json", "cdi", "se", "health",
                    "metrics", "store", "dashboard")),
            Map.entry("store", List.of("client", "worker", "admin", "server", "json", "cdi", "se", "health",
                    "metrics", "dashboard", "tracing")),
            Map.entry("dashboard", List.of("server", "json", "cdi", "se", "tracing")));

    private static final List<String> CORE = List.of("protocol", "client", "worker", "admin", "server", "health",
            "metrics", "store", "tracing", "dashboard");

    @Test
    void coreLayersImportNoJakartaAndNothingAboveThem() {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String layer = layerOf(file);
            String source = read(file);
            List<String> used = referencedNames(source);
            for (String name : used) {
                if (CORE.contains(layer) && (name.startsWith("jakarta.") || name.startsWith("org.eclipse.microprofile"))) {
                    violations.add(file + " uses " + name);
                }
                for (String above : FORBIDDEN.getOrDefault(layer, List.of())) {
                    if (name.startsWith("io.gearmancdi." + above + ".")) {
                        violations.add(file + " (layer " + layer + ") uses " + name);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackageHasAPackageInfo() {
        List<Path> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            dirs.filter(Files::isDirectory)
                    .filter(dir -> hasJavaFiles(dir))
                    .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                    .forEach(missing::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void libraryCodeNeitherPrintsStackTracesNorExits() {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String source = read(file);
            if (source.contains("printStackTrace(")) {
                violations.add(file + " prints a stack trace");
            }
            if (source.contains("System.exit(") && !file.getFileName().toString().endsWith("Main.java")) {
                violations.add(file + " exits the JVM");
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<String> referencedNames(String source) {
        List<String> names = new ArrayList<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            names.add(imports.group(1));
        }
        Matcher qualified = QUALIFIED.matcher(source);
        while (qualified.find()) {
            names.add(qualified.group(1) + ".");
        }
        return names;
    }

    private static String layerOf(Path file) {
        Path relative = SOURCES.relativize(file);
        return relative.getNameCount() == 1 ? "api" : relative.getName(0).toString();
    }

    private static boolean hasJavaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
