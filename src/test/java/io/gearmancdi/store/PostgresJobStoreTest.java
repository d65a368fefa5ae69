package io.gearmancdi.store;

import io.gearmancdi.testing.DatabaseExtension;
import io.gearmancdi.testing.Postgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job record store on a private PostgreSQL cluster; issue 15. */
class PostgresJobStoreTest extends JobStoreContract {
    @RegisterExtension
    static final DatabaseExtension DB = DatabaseExtension.postgres("store");

    PostgresJobStoreTest(Postgres db) {
        super(db);
    }
}
