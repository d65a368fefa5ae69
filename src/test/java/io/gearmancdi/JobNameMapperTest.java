package io.gearmancdi;

import io.gearmancdi.cdi.JobNames;
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

    static class Reports {
        @GearmanJob
        public void render() {
        }

        @GearmanJob(name = "my-task-name")
        public void named() {
        }
    }

    static class GearmanJobs {
        @GearmanJob
        public void render() {
        }
    }

    @Test
    void logicalNamesFollowPackageClassMethodAndLeaveOutGearmanJobs() throws Exception {
        assertThat(JobNames.logicalName(Reports.class, Reports.class.getMethod("render")))
                .isEqualTo("io.gearmancdi.JobNameMapperTest.Reports.render");
        assertThat(JobNames.logicalName(Reports.class, Reports.class.getMethod("named"))).isEqualTo("my-task-name");
        assertThat(JobNames.logicalName(io.gearmancdi.cdi.fixtures.GearmanJobs.class,
                io.gearmancdi.cdi.fixtures.GearmanJobs.class.getMethod("reverse", String.class)))
                .isEqualTo("io.gearmancdi.cdi.fixtures.reverse");
        assertThat(JobNames.logicalName(io.gearmancdi.cdi.fixtures.MathJobs.class,
                io.gearmancdi.cdi.fixtures.MathJobs.class.getMethod("nothing")))
                .isEqualTo("io.gearmancdi.cdi.fixtures.MathJobs.nothing");
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
