package io.gearmancdi;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "the public/internal split is real". A package is internal when its name ends in {@code .internal} or its
 * package-info says {@code <b>Internal:</b>} ({@code io.gearmancdi.cdi}, {@code io.gearmancdi.json}). This test keeps
 * that promise checked:
 * <ul>
 *   <li>the public types of the two internal top-level packages are exactly those other library packages need, each
 *   listed here with its reason (a new public type there fails until it is made package-private or justified);</li>
 *   <li>code outside the library (the ear-example, the application of record) names no internal package;</li>
 *   <li>the jar carries {@code Automatic-Module-Name: io.gearmancdi}.</li>
 * </ul>
 * The benchmarks (bench/) are the library's own measurements of its internals and may use them.
 */
class ApiBoundaryTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.gearmancdi(?:\\.\\w+)+?)\\.[A-Z*]");

    /** The public types of internal packages, each with the reason it cannot be package-private. */
    private static final Map<String, String> PUBLIC_INTERNALS = Map.of(
            "io.gearmancdi.cdi.GearmanExtension", "named in META-INF/services and by tests that build a container",
            "io.gearmancdi.cdi.WorkerManager", "GearmanWorkerMain and its HTTP endpoint run and probe the workers",
            "io.gearmancdi.cdi.GearmanSettings", "GearmanWorkerMain maps its options onto the configuration keys",
            "io.gearmancdi.json.PayloadCodec", "the client and workers of the cdi package encode and decode with it",
            "io.gearmancdi.json.JsonLimits", "GearmanSettings reads gearman.json.* into it",
            "io.gearmancdi.json.ArgumentBinder", "the cdi package binds job arguments with it",
            "io.gearmancdi.json.Envelope", "the cdi package reads meta.attempt from it",
            "io.gearmancdi.json.JsonTypes", "the cdi package validates typed interfaces with it",
            "io.gearmancdi.cdi.DashboardSupport", "the dashboard's servlet and GearmanWorkerMain build it from the beans");

    @Test
    @DisplayName("issue 13: internal packages are those package-info calls internal, cdi and json among them")
    void internalPackagesAreDocumented() {
        assertThat(internalPackages()).contains("io.gearmancdi.cdi", "io.gearmancdi.json",
                "io.gearmancdi.client.internal", "io.gearmancdi.worker.internal", "io.gearmancdi.server.internal",
                "io.gearmancdi.protocol.internal");
        assertThat(internalPackages()).doesNotContain("io.gearmancdi", "io.gearmancdi.client", "io.gearmancdi.worker",
                "io.gearmancdi.server", "io.gearmancdi.protocol", "io.gearmancdi.admin", "io.gearmancdi.se");
    }

    @Test
    @DisplayName("issue 13: cdi and json have no public type beyond those other library packages need")
    void internalTopLevelPackagesExposeOnlyWhatTheLibraryNeeds() {
        TreeSet<String> found = new TreeSet<>();
        for (String pkg : List.of("io.gearmancdi.cdi", "io.gearmancdi.json")) {
            for (Path file : javaFiles(MAIN.resolve(pkg.replace('.', '/')), false)) {
                Matcher m = PUBLIC_TYPE.matcher(read(file));
                while (m.find()) {
                    found.add(pkg + "." + m.group(1));
                }
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(PUBLIC_INTERNALS.keySet());
    }

    @Test
    @DisplayName("issue 13: the ear-example uses no internal package of the library")
    void applicationsUseOnlyTheApi() {
        List<String> uses = new ArrayList<>();
        for (Path file : javaFiles(Path.of("ear-example"), true)) {
            for (String pkg : internalReferences(read(file))) {
                uses.add(file + " uses " + pkg);
            }
        }
        assertThat(uses).isEmpty();
    }

    @Test
    @DisplayName("issue 13: the scan finds imports, static imports and qualified names of internal packages")
    void theScanFindsInternalUses() {
        assertThat(internalReferences("""
                import io.gearmancdi.GearmanClient;
                import io.gearmancdi.json.PayloadCodec;
                import static io.gearmancdi.client.internal.Backoff.*;
                class X { io.gearmancdi.cdi.WorkerManager m; io.gearmancdi.client.JobClient c; }
                """)).containsExactly("io.gearmancdi.cdi", "io.gearmancdi.client.internal", "io.gearmancdi.json");
    }

    @Test
    @DisplayName("issue 13: the jar's manifest names the automatic module io.gearmancdi")
    void automaticModuleName() {
        assertThat(read(Path.of("pom.xml")).replaceAll("\\s+", ""))
                .contains("<Automatic-Module-Name>io.gearmancdi</Automatic-Module-Name>");
    }

    /** @return the internal packages named in {@code source}, sorted */
    private static List<String> internalReferences(String source) {
        List<String> internal = internalPackages();
        TreeSet<String> used = new TreeSet<>();
        Matcher m = REFERENCE.matcher(source);
        while (m.find()) {
            String pkg = m.group(1);
            if (internal.contains(pkg)) {
                used.add(pkg);
            }
        }
        return List.copyOf(used);
    }

    private static List<String> internalPackages() {
        Map<String, Boolean> packages = new TreeMap<>();
        try (Stream<Path> infos = Files.walk(MAIN)) {
            infos.filter(f -> f.getFileName().toString().equals("package-info.java")).forEach(f -> {
                String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                packages.put(pkg, pkg.endsWith(".internal") || read(f).contains("<b>Internal:</b>"));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    private static List<Path> javaFiles(Path dir, boolean recursive) {
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
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
