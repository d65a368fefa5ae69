package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.cdi.GearmanExtension;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, "test fixtures without static mutable state": {@link GearmandExtension} and {@link CdiAppExtension} give
 * every constructor, {@code @BeforeEach} and test of a class the same gearmand and app, or each test its own, and JUnit
 * stops them when their class or test is done. The instances are per class here, so that one test can keep what an
 * earlier one saw in a field (not in a static one) and check it.
 */
class FixtureExtensionsTest {

    @Nested
    @ExtendWith(GearmandExtension.class)
    @WithCdiApp(beans = GearmanJobs.class, settings = "gearman.job-name.prefix=fixtures")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OnePerClass {
        private final Gearmand constructed;
        private final CdiApp app;
        private Gearmand beforeEach;
        private Gearmand first;

        OnePerClass(Gearmand gearmand, CdiApp app) {
            this.constructed = gearmand;
            this.app = app;
        }

        @BeforeEach
        void before(Gearmand gearmand) {
            beforeEach = gearmand;
        }

        @Test
        @Order(1)
        @DisplayName("issue 13: constructor, @BeforeEach and test get one gearmand; the app is pointed at it")
        void oneGearmandEverywhere(Gearmand gearmand, ServerAddress address, CdiApp app) {
            assertThat(gearmand).isSameAs(constructed).isSameAs(beforeEach);
            assertThat(address).isEqualTo(gearmand.address());
            assertThat(app).isSameAs(this.app);
            assertThat(app.get(GearmanExtension.class).servers()).containsExactly(gearmand.address());
            assertThat(gearmand.pid()).as("running").isPositive();
            first = gearmand;
        }

        @Test
        @Order(2)
        @DisplayName("issue 13: the next test of the class gets the same gearmand, still running")
        void theSameForTheNextTest(Gearmand gearmand) {
            assertThat(first).as("the first test ran").isNotNull();
            assertThat(gearmand).isSameAs(first);
            assertThat(gearmand.pid()).isPositive();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OnePerTest {
        @RegisterExtension
        final GearmandExtension perTest = GearmandExtension.perTest();
        private Gearmand first;

        @Test
        @Order(1)
        @DisplayName("issue 13: GearmandExtension.perTest() gives the test and its @BeforeEach one gearmand")
        void aGearmandOfItsOwn(Gearmand gearmand, ServerAddress address) {
            assertThat(address).isEqualTo(gearmand.address());
            assertThat(gearmand.pid()).isPositive();
            first = gearmand;
        }

        @Test
        @Order(2)
        @DisplayName("issue 13: the next test gets another gearmand; JUnit stopped the first one when its test ended")
        void anotherOneAndTheFirstIsStopped(Gearmand gearmand) {
            assertThat(first).as("the first test ran").isNotNull();
            assertThat(gearmand).isNotSameAs(first);
            assertThat(gearmand.pid()).isPositive();
            assertThatThrownBy(first::pid).hasMessage("gearmand is not running");
        }
    }
}
