package io.gearmancdi.json;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Replays the seeds and findings of {@link JsonFuzzTest} in every build, as plain JUnit tests: without Jazzer's agent,
 * which must not run in the build's shared JVM (see {@link JsonFuzzTest}).
 */
class JsonFuzzSeedsTest {
    static Stream<Path> inputs() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(JsonFuzzSeedsTest.class.getResource("JsonFuzzTestInputs")).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> list = files.filter(Files::isRegularFile).sorted().toList();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    @DisplayName("issue 10 chaos suite: every fuzz seed and finding ends in a value or GearmanPayloadException")
    void seedEndsInAValueOrAPayloadException(Path input) throws Exception {
        JsonFuzzTest.check(Files.readAllBytes(input));
    }
}
