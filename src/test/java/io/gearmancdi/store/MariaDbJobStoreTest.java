package io.gearmancdi.store;

import io.gearmancdi.testing.DatabaseExtension;
import io.gearmancdi.testing.MariaDb;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job record store on a private MariaDB instance; issue 15. */
class MariaDbJobStoreTest extends JobStoreContract {
    @RegisterExtension
    static final DatabaseExtension DB = DatabaseExtension.mariaDb("store");

    MariaDbJobStoreTest(MariaDb db) {
        super(db);
    }
}
