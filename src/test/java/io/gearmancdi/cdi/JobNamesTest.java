package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default logical names of jobs (moved here from JobNameMapperTest when JobNames became package-private). */
class JobNamesTest {
    static class Reports {
        @GearmanJob
        public void render() {
        }

        @GearmanJob(name = "my-task-name")
        public void named() {
        }
    }

    @Test
    void logicalNamesFollowPackageClassMethodAndLeaveOutGearmanJobs() throws Exception {
        assertThat(JobNames.logicalName(Reports.class, Reports.class.getMethod("render")))
                .isEqualTo("io.gearmancdi.cdi.JobNamesTest.Reports.render");
        assertThat(JobNames.logicalName(Reports.class, Reports.class.getMethod("named"))).isEqualTo("my-task-name");
        assertThat(JobNames.logicalName(io.gearmancdi.cdi.fixtures.GearmanJobs.class,
                io.gearmancdi.cdi.fixtures.GearmanJobs.class.getMethod("reverse", String.class)))
                .isEqualTo("io.gearmancdi.cdi.fixtures.reverse");
        assertThat(JobNames.logicalName(io.gearmancdi.cdi.fixtures.MathJobs.class,
                io.gearmancdi.cdi.fixtures.MathJobs.class.getMethod("nothing")))
                .isEqualTo("io.gearmancdi.cdi.fixtures.MathJobs.nothing");
    }
}
