package io.gearmancdi.cdi.typed;

import io.gearmancdi.JobHandle;
import io.gearmancdi.SubmitOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/** Serves {@link Reports} by implementing it: no {@code @GearmanJob} of its own. */
@ApplicationScoped
public class ReportsBean implements Reports {
    private final BlockingQueue<Report> rendered = new LinkedBlockingQueue<>();

    @Override
    public Report render(String customer, int month) {
        Report report = new Report(customer, month, List.of(customer + " " + month));
        rendered.add(report);
        return report;
    }

    @Override
    public CompletionStage<Report> renderAsync(String customer, int month) {
        return CompletableFuture.completedFuture(render(customer, month));
    }

    @Override
    public JobHandle renderLater(String customer, int month) {
        throw new UnsupportedOperationException("callers queue it; the worker runs render");
    }

    @Override
    public Map<String, List<Integer>> histogram(List<String> words, Map<String, Integer> weights) {
        Map<String, List<Integer>> result = new LinkedHashMap<>();
        for (String word : words) {
            result.put(word, List.of(word.length(), weights.getOrDefault(word, 0)));
        }
        return result;
    }

    @Override
    public void fail(String message) {
        throw new IllegalStateException(message);
    }

    @Override
    public CompletionStage<Void> failAsync(String message) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("callers only"));
    }

    @Override
    public String echo(String value, SubmitOptions options) {
        return value + "/" + options;
    }

    /** @return the reports rendered by the worker, in order */
    public BlockingQueue<Report> rendered() {
        return rendered;
    }
}
