package io.gearmancdi;

import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.server.EmbeddedGearmanServer;
import io.gearmancdi.worker.RetryPolicy;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "constants written once": Gearman's default port is {@link ServerAddress#DEFAULT_PORT} and the longest
 * unique id {@link SubmitOptions#MAX_UNIQUE_BYTES}; every other default refers to them. The library's code (comments
 * left out) holds each number once.
 */
class ConstantsWrittenOnceTest {
    private static final Path MAIN = Path.of("src/main/java");
    /** Strings and characters (kept), comments (dropped): enough of Java's lexis to tell code from comment. */
    private static final Pattern LEXIS = Pattern.compile(
            "(\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])*')|/\\*[\\s\\S]*?\\*/|//[^\\n]*");

    @Test
    @DisplayName("issue 13: the default port 4730 is written once, and the defaults that use it agree")
    void defaultPort() {
        assertThat(filesWriting("4730")).containsExactly(MAIN.resolve("io/gearmancdi/ServerAddress.java"));
        assertThat(EmbeddedGearmanServer.Builder.DEFAULT_PORT).isEqualTo(ServerAddress.DEFAULT_PORT);
        assertThat(ClientOptions.DEFAULT_SERVERS).containsExactly(new ServerAddress("localhost", 4730));
        assertThat(WorkerOptions.DEFAULT_SERVERS).isEqualTo(ClientOptions.DEFAULT_SERVERS);
    }

    @Test
    @DisplayName("issue 13: the 63-byte unique limit is written once (the server's 63-byte option names are another)")
    void uniqueLimit() {
        assertThat(filesWriting("63")).containsExactlyInAnyOrder(MAIN.resolve("io/gearmancdi/SubmitOptions.java"),
                MAIN.resolve("io/gearmancdi/server/internal/Engine.java"));
        assertThat(code(MAIN.resolve("io/gearmancdi/server/internal/Engine.java")))
                .containsOnlyOnce("63").contains("MAX_OPTION = 63;");
        assertThat(RetryPolicy.MAX_UNIQUE_BYTES).isEqualTo(SubmitOptions.MAX_UNIQUE_BYTES);
    }

    private static List<Path> filesWriting(String number) {
        Pattern literal = Pattern.compile("(?<![\\w.])" + number + "(?![\\w.])");
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> literal.matcher(code(f)).find()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the source without its comments */
    private static String code(Path file) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = LEXIS.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) != null ? m.group(1) : " "));
        }
        return m.appendTail(out).toString();
    }
}
