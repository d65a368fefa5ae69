package io.gearmancdi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enforces {@code message-ranges.txt}: every log message has an ID ({@code "GEARMAN-nnnn: "}) that is
 * unique, lies in its module's range and is not retired; each module logs only through its one catalogue class, and
 * every log call of a catalogue carries an ID. Reads the sources, like {@link LayeringTest}, so it needs no library.
 */
class MessageCatalogueTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path RANGES = Path.of("message-ranges.txt");

    private static final Pattern RANGE_LINE =
            Pattern.compile("GEARMAN-(\\d{4})\\.\\.(\\d{4})\\s+([\\w.]+)\\s+([\\w.]+|-)");
    private static final Pattern RETIRED_LINE = Pattern.compile("retired\\s+GEARMAN-(\\d{4})");
    /** A string literal that starts with an ID: how every message is written. */
    private static final Pattern ID_LITERAL = Pattern.compile("\"GEARMAN-(\\d+)");
    /** The ID a catalogue method's Javadoc names first. */
    private static final Pattern JAVADOC_ID = Pattern.compile("/\\*\\*\\s*GEARMAN-(\\d+)");
    private static final Pattern LOG_CALL = Pattern.compile("(?<!Math)\\.log\\(");
    private static final Pattern LOG_CALL_WITH_ID = Pattern.compile("(?<!Math)\\.log\\(\\s*[\\w.]+\\s*,\\s*\"GEARMAN-\\d{4}: ");
    /** Ways of logging that only a catalogue may use. */
    private static final Pattern LOGGING = Pattern.compile("System\\s*\\.\\s*(getLogger|Logger)\\b|java\\.util\\.logging"
            + "|org\\.slf4j|org\\.jboss\\.logging|org\\.apache\\.(log4j|logging)|(?<!Math)\\.log\\(");

    @Test
    void everyMessageIdIsUniqueInItsModulesRangeAndOnlyCataloguesLog() {
        assertThat(check(read(RANGES), sources())).isEmpty();
    }

    @Test
    void rangesFileReadsCleanlyAndNamesTheCatalogues() {
        Ranges ranges = Ranges.parse(read(RANGES));
        assertThat(ranges.problems).isEmpty();
        assertThat(ranges.modules).extracting(Module::pkg).contains("io.gearmancdi.client", "io.gearmancdi.worker",
                "io.gearmancdi.server", "io.gearmancdi.cdi", "io.gearmancdi.json");
    }

    /** The checker itself: each rule must be able to fail, on sources made up for the purpose. */
    @Test
    void checkerReportsDuplicateIdsOutOfRangeIdsRetiredIdsStrayLoggingAndLogCallsWithoutId() {
        String ranges = """
                # comment
                GEARMAN-2000..2999  io.gearmancdi.client  io.gearmancdi.client.internal.ClientMessages
                GEARMAN-3000..3999  io.gearmancdi.worker  -
                GEARMAN-3500..4500  io.gearmancdi.admin   -
                retired GEARMAN-2009
                nonsense line
                """;
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("io/gearmancdi/client/internal/ClientMessages.java", """
                package io.gearmancdi.client.internal;
                final class ClientMessages {
                    private static final System.Logger LOG = System.getLogger("io.gearmancdi.client");
                    /** GEARMAN-2001, INFO. */
                    static void a() { LOG.log(INFO, "GEARMAN-2001: first"); }
                    /** GEARMAN-2001, INFO: duplicate. */
                    static void b() { LOG.log(INFO, "GEARMAN-2001: again"); }
                    /** GEARMAN-3001, INFO: another module's range. */
                    static void c() { LOG.log(INFO, "GEARMAN-3001: out of range"); }
                    /** GEARMAN-2009, INFO: retired. */
                    static void d() { LOG.log(INFO, "GEARMAN-2009: retired"); }
                    /** GEARMAN-2010, INFO: no ID in the text. */
                    static void e() { LOG.log(INFO, "no id"); }
                    /** GEARMAN-2099, INFO: Javadoc and text disagree. */
                    static void f() { LOG.log(INFO, "GEARMAN-2011: mismatch"); }
                }
                """);
        sources.put("io/gearmancdi/client/internal/ClientConnection.java", """
                package io.gearmancdi.client.internal;
                // System.getLogger in a comment is fine
                final class ClientConnection {
                    /* so is LOG.log( in a block comment */
                    private static final System.Logger LOG = System.getLogger("io.gearmancdi.client");
                    void x() { String s = "GEARMAN-2050: not in a catalogue"; double d = Math.log(2); }
                }
                """);
        sources.put("io/gearmancdi/admin/Quiet.java", """
                package io.gearmancdi.admin;
                /** Mentions System.getLogger and LOG.log(INFO, "GEARMAN-4001: x") only in comments. */
                final class Quiet {
                    // java.util.logging, System.Logger
                    String s = "a // b"; int x = 1; /* LOG.log( */
                }
                """);
        sources.put("io/gearmancdi/worker/internal/Loop.java", """
                package io.gearmancdi.worker.internal;
                final class Loop {
                    void x() { java.util.logging.Logger.getLogger("w").info("hi"); }
                }
                """);

        List<String> problems = check(ranges, sources);

        assertThat(problems).anyMatch(p -> p.contains("GEARMAN-2001") && p.contains("more than once"))
                .anyMatch(p -> p.contains("GEARMAN-3001") && p.contains("outside"))
                .anyMatch(p -> p.contains("GEARMAN-2009") && p.contains("retired"))
                .anyMatch(p -> p.contains("ClientMessages") && p.contains("log call without an ID"))
                .anyMatch(p -> p.contains("ClientMessages") && p.contains("Javadoc"))
                .anyMatch(p -> p.contains("ClientConnection") && p.contains("logs outside its module's catalogue"))
                .anyMatch(p -> p.contains("ClientConnection") && p.contains("GEARMAN-2050"))
                .anyMatch(p -> p.contains("Loop.java") && p.contains("logs outside its module's catalogue"))
                .anyMatch(p -> p.contains("overlap"))
                .anyMatch(p -> p.contains("nonsense line"));
        assertThat(problems).noneMatch(p -> p.contains("Quiet"));
    }

    @Test
    void checkerReportsAListedCatalogueThatIsMissingOrOutsideItsModule() {
        String ranges = """
                GEARMAN-2000..2999  io.gearmancdi.client  io.gearmancdi.client.internal.ClientMessages
                GEARMAN-3000..3999  io.gearmancdi.worker  io.gearmancdi.client.internal.WorkerMessages
                """;
        Map<String, String> sources = Map.of("io/gearmancdi/client/internal/WorkerMessages.java",
                "package io.gearmancdi.client.internal;\nfinal class WorkerMessages {\n}\n");

        assertThat(check(ranges, sources))
                .anyMatch(p -> p.contains("ClientMessages") && p.contains("does not exist"))
                .anyMatch(p -> p.contains("WorkerMessages") && p.contains("not in its module"));
    }

    /** @return every violation of the rules, empty when the sources (path relative to the source root) comply */
    static List<String> check(String rangesText, Map<String, String> sources) {
        Ranges ranges = Ranges.parse(rangesText);
        List<String> problems = new ArrayList<>(ranges.problems);
        Map<String, String> catalogues = new HashMap<>(); // class name -> module package
        for (Module m : ranges.modules) {
            if (!m.catalogue().equals("-")) {
                catalogues.put(m.catalogue(), m.pkg());
                if (!m.catalogue().startsWith(m.pkg() + ".")) {
                    problems.add("catalogue " + m.catalogue() + " is not in its module " + m.pkg());
                }
                if (!sources.containsKey(m.catalogue().replace('.', '/') + ".java")) {
                    problems.add("catalogue " + m.catalogue() + " listed in message-ranges.txt does not exist");
                }
            }
        }
        Map<Integer, String> seen = new HashMap<>();
        for (Map.Entry<String, String> source : new java.util.TreeMap<>(sources).entrySet()) {
            String file = source.getKey();
            String className = file.replaceAll("\\.java$", "").replace('/', '.');
            String code = stripComments(source.getValue());
            String module = catalogues.get(className);
            Matcher ids = ID_LITERAL.matcher(code);
            List<Integer> literalIds = new ArrayList<>();
            while (ids.find()) {
                int id = Integer.parseInt(ids.group(1));
                literalIds.add(id);
                String where = file + ": GEARMAN-" + ids.group(1);
                if (module == null) {
                    problems.add(where + " outside a message catalogue");
                    continue;
                }
                String first = seen.putIfAbsent(id, file);
                if (first != null) {
                    problems.add(where + " used more than once (also in " + first + ")");
                }
                Module owner = ranges.owner(module);
                if (id < owner.from() || id > owner.to()) {
                    problems.add(where + " outside the range " + owner.from() + ".." + owner.to() + " of " + module);
                }
                if (ranges.retired.contains(id)) {
                    problems.add(where + " is retired and must not be used again");
                }
            }
            if (module == null) {
                if (LOGGING.matcher(code).find()) {
                    problems.add(file + " logs outside its module's catalogue");
                }
                continue;
            }
            long calls = LOG_CALL.matcher(code).results().count();
            long withId = LOG_CALL_WITH_ID.matcher(code).results().count();
            if (calls != withId) {
                problems.add(file + ": " + (calls - withId) + " log call without an ID as the text's first words");
            }
            List<Integer> documented = JAVADOC_ID.matcher(source.getValue()).results()
                    .map(r -> Integer.parseInt(r.group(1))).toList();
            if (!documented.equals(literalIds)) {
                problems.add(file + ": the IDs in the methods' Javadoc " + documented + " differ from the IDs logged "
                        + literalIds);
            }
        }
        return problems;
    }

    /** The source with its comments blanked out; string literals and text blocks are kept. */
    static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                int stop = end < 0 ? n : end + 3;
                out.append(source, i, stop);
                i = stop;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                int stop = Math.min(n, j + 1);
                out.append(source, i, stop);
                i = stop;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    record Module(int from, int to, String pkg, String catalogue) {
    }

    /** The parsed {@code message-ranges.txt}. */
    static final class Ranges {
        final List<Module> modules = new ArrayList<>();
        final Set<Integer> retired = new TreeSet<>();
        final List<String> problems = new ArrayList<>();

        static Ranges parse(String text) {
            Ranges r = new Ranges();
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher range = RANGE_LINE.matcher(line);
                Matcher retired = RETIRED_LINE.matcher(line);
                if (range.matches()) {
                    r.modules.add(new Module(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)),
                            range.group(3), range.group(4)));
                } else if (retired.matches()) {
                    r.retired.add(Integer.parseInt(retired.group(1)));
                } else {
                    r.problems.add("message-ranges.txt: cannot read line '" + line + "'");
                }
            }
            for (int i = 0; i < r.modules.size(); i++) {
                Module a = r.modules.get(i);
                if (a.from() > a.to()) {
                    r.problems.add("message-ranges.txt: empty range of " + a.pkg());
                }
                for (Module b : r.modules.subList(i + 1, r.modules.size())) {
                    if (a.from() <= b.to() && b.from() <= a.to()) {
                        r.problems.add("message-ranges.txt: ranges of " + a.pkg() + " and " + b.pkg() + " overlap");
                    }
                    if (a.pkg().equals(b.pkg())) {
                        r.problems.add("message-ranges.txt: two ranges for " + a.pkg());
                    }
                }
            }
            return r;
        }

        Module owner(String pkg) {
            return modules.stream().filter(m -> m.pkg().equals(pkg)).findFirst().orElseThrow();
        }
    }

    private static Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(SOURCES.relativize(f).toString().replace('\\', '/'), read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
