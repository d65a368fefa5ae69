package io.gearmancdi.store;

import io.gearmancdi.testing.MariaDb;
import io.gearmancdi.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The job record store on a private MariaDB instance; issue 15. */
class MariaDbJobStoreTest extends JobStoreContract {
    private static MariaDb db;

    @BeforeAll
    static void start() {
        db = MariaDb.start("store");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    TestDatabase database() {
        return db;
    }
}
