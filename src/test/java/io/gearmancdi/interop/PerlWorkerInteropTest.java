package io.gearmancdi.interop;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.testing.Foreign;

import java.util.stream.Stream;

/**
 * Issue 11 item 4: our client calls the Perl {@code Gearman::Worker} (libgearman-client-perl 2.004) on real gearmand,
 * the embedded server and the Perl {@code Gearman::Server}.
 *
 * <p>Known defects of that worker (not ours), seen here: a job that dies is reported as {@code WORK_EXCEPTION} and
 * then {@code WORK_FAIL}; gearmand answers the second with {@code ERROR JOB_NOT_FOUND} and the Perl worker dies on
 * that packet ("unexpected packet type: error") after the client has seen the failure. A result that Perl finds false
 * ({@code "0"}, {@code ""}) is sent as a {@code WORK_COMPLETE} without its separator, which desynchronises gearmand: the
 * volume test uses payloads {@code job-N}.
 */
class PerlWorkerInteropTest extends AbstractForeignWorkerTest {

    static Stream<String> servers() {
        return Stream.of("gearmand", "embedded", "perl-gearmand");
    }

    @Override
    protected Foreign startWorker(ServerAddress server) {
        return Foreign.perl("perl-worker.pl", server, "w");
    }

    @Override
    protected String throwingFunction() {
        return "die";
    }
}
