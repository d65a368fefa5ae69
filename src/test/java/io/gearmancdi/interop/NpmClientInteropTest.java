package io.gearmancdi.interop;

import java.util.stream.Stream;

/**
 * Issue 11 item 4: the npm {@code gearman} 2.1.0 client calls our worker on real gearmand, the embedded server and the
 * Perl {@code Gearman::Server}.
 */
class NpmClientInteropTest extends AbstractForeignClientTest {

    static Stream<String> servers() {
        return Stream.of("gearmand", "embedded", "perl-gearmand");
    }

    @Override
    protected String script() {
        return "npm-client.js";
    }

    @Override
    protected boolean node() {
        return true;
    }
}
