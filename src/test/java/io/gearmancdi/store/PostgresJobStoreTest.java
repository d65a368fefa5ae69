package io.gearmancdi.store;

import io.gearmancdi.testing.Postgres;
import io.gearmancdi.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The job record store on a private PostgreSQL cluster; issue 15. */
class PostgresJobStoreTest extends JobStoreContract {
    private static Postgres db;

    @BeforeAll
    static void start() {
        db = Postgres.start("store");
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
