package io.gearmancdi.testing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "test fixtures without static mutable state": {@link DatabaseExtension} gives the constructor and every
 * test of a class one database (an app's settings reach the same one, as the store's end-to-end tests show). The
 * instance is per class here, so that the second test can check what the first one kept in a field (not in a static one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseExtensionTest {
    @RegisterExtension
    static final DatabaseExtension DB = DatabaseExtension.h2("database-extension-test");

    private final TestDatabase constructed;
    private TestDatabase first;

    DatabaseExtensionTest(TestDatabase db) {
        this.constructed = db;
    }

    @Test
    @Order(1)
    @DisplayName("issue 13: the constructor and the test get one database")
    void oneDatabaseEverywhere(TestDatabase db) throws Exception {
        assertThat(db).isSameAs(constructed);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (n INTEGER)");
            s.execute("INSERT INTO kept VALUES (7)");
        }
        first = db;
    }

    @Test
    @Order(2)
    @DisplayName("issue 13: the next test of the class gets the same database, its data still there")
    void theSameForTheNextTest(TestDatabase db) throws Exception {
        assertThat(first).as("the first test ran").isNotNull();
        assertThat(db).isSameAs(first);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT n FROM kept")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(7);
        }
    }
}
