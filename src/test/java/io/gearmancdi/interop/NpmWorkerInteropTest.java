package io.gearmancdi.interop;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.testing.Foreign;

import java.util.stream.Stream;

/**
 * Issue 11 item 4: our client calls an npm {@code gearman} 2.1.0 worker on real gearmand, the embedded server and the
 * Perl {@code Gearman::Server}.
 */
class NpmWorkerInteropTest extends AbstractForeignWorkerTest {

    static Stream<String> servers() {
        return Stream.of("gearmand", "embedded", "perl-gearmand");
    }

    @Override
    protected Foreign startWorker(ServerAddress server) {
        return Foreign.node("npm-worker.js", server, "w");
    }

    @Override
    protected String throwingFunction() {
        return "throw";
    }
}
