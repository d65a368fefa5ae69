package io.gearmancdi.cdi.typed;

import io.gearmancdi.Background;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobHandle;
import io.gearmancdi.RegisterGearmanClient;
import io.gearmancdi.SubmitOptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** A typed job interface served by {@link ReportsBean}, the example plus generics, failures and options. */
@RegisterGearmanClient
public interface Reports {
    @GearmanJob(name = "typed-report")
    Report render(String customer, int month);

    @GearmanJob(name = "typed-report")
    CompletionStage<Report> renderAsync(String customer, int month);

    @GearmanJob(name = "typed-report")
    @Background
    JobHandle renderLater(String customer, int month);

    /** Generic parameter and result types. */
    @GearmanJob(name = "typed-histogram")
    Map<String, List<Integer>> histogram(List<String> words, Map<String, Integer> weights);

    @GearmanJob(name = "typed-fail")
    void fail(String message);

    @GearmanJob(name = "typed-fail")
    CompletionStage<Void> failAsync(String message);

    /** The options are no argument: the job sees only {@code value}. */
    @GearmanJob(name = "typed-echo")
    String echo(String value, SubmitOptions options);

    /** Plain Java, run in the caller. */
    default Report january(String customer) {
        return render(customer, 1);
    }

    /** A job result. */
    record Report(String customer, int month, List<String> lines) {
    }
}
