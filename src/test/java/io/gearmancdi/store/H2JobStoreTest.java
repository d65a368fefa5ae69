package io.gearmancdi.store;

import io.gearmancdi.testing.DatabaseExtension;
import io.gearmancdi.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job record store on in-memory H2 (the default data source of WildFly and Payara); issue 15. */
class H2JobStoreTest extends JobStoreContract {
    @RegisterExtension
    static final DatabaseExtension DB = DatabaseExtension.h2("store-test");

    H2JobStoreTest(TestDatabase db) {
        super(db);
    }

    @Override
    boolean canStop() {
        return false;
    }
}
