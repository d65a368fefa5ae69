package io.gearmancdi.store;

import io.gearmancdi.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The job record store on in-memory H2 (the default data source of WildFly and Payara); issue 15. */
class H2JobStoreTest extends JobStoreContract {
    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = TestDatabase.h2("store-test");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Override
    TestDatabase database() {
        return db;
    }

    @Override
    boolean canStop() {
        return false;
    }
}
