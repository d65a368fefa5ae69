package io.gearmancdi.example.it;

import org.junit.jupiter.api.BeforeAll;

/** Issue 15: the dashboard registered by the library's web-fragment.xml in a plain WAR, in Payara. */
class PayaraWebFragmentTest extends WebFragmentScenarios {
    @BeforeAll
    static void createUsers() throws Exception {
        PayaraDashboardTest.createUsers(); // the file realm's users; those of an earlier class are kept
    }
}
