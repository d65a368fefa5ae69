package io.gearmancdi;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobNameMapperTest {
    @Test
    void crc32PrefixEqualsPythonsZlibCrc32OfTheUtf8Path() {
        // python3 -c 'import zlib; print(zlib.crc32("/srv/app".encode()), zlib.crc32("/home/jörg/app".encode()))'
        assertThat(JobNameMapper.crc32Prefix("/srv/app")).isEqualTo("1727187509");
        assertThat(JobNameMapper.crc32Prefix("/home/jörg/app")).isEqualTo("1777749767");
    }

    @Test
    void defaultMapperPrefixesTheCrc32OfTheWorkingDirectory() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(JobNameMapper.workingDirectory().toInternal("a.b"))
                .isEqualTo(JobNameMapper.crc32Prefix(cwd) + ".a.b")
                .matches("\\d+\\.a\\.b");
    }

    @Test
    void fixedPrefixAndUnchanged() {
        assertThat(JobNameMapper.prefix("blue").toInternal("x.y")).isEqualTo("blue.x.y");
        assertThat(JobNameMapper.unchanged().toInternal("x.y")).isEqualTo("x.y");
        assertThatThrownBy(() -> JobNameMapper.prefix(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jobRequestIsImmutableAndKeepsSingleNullArguments() {
        JobRequest base = JobRequest.of("j");
        JobRequest one = base.arg(null);
        assertThat(base.args()).isEmpty();
        assertThat(one.args()).containsExactly((Object) null);
        assertThat(one.args(1, 2).kwarg("unique", "u").args()).containsExactly(null, 1, 2);
        assertThatThrownBy(() -> base.kwarg("a", 1).kwarg("a", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' is given twice");
        assertThatThrownBy(() -> JobRequest.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultTypeCapturesGenericArguments() {
        ResultType<java.util.List<java.util.Map<String, Integer>>> type = new ResultType<>() {
        };
        assertThat(type.type().getTypeName())
                .isEqualTo("java.util.List<java.util.Map<java.lang.String, java.lang.Integer>>");
    }
}
