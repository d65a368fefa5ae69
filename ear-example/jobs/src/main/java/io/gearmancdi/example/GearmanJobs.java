package io.gearmancdi.example;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Small jobs. {@code reverse} and {@code add} implement the typed contract {@link ExampleJobs}, which names them
 * ({@code io.gearmancdi.example.reverse}, {@code io.gearmancdi.example.add}); {@code whereAmI} is a plain
 * {@code @GearmanJob} method: the class is named {@code GearmanJobs}, so its logical name leaves the class out,
 * {@code io.gearmancdi.example.whereAmI}. On the job server they are prefixed
 * ({@code gearman.job-name.prefix=example}):
 * {@code example.io.gearmancdi.example.reverse}.
 */
@ApplicationScoped
public class GearmanJobs implements ExampleJobs {

    /**
     * @param text any text
     * @return the text reversed (by UTF-16 code unit pairs, so surrogate pairs stay intact)
     */
    @Override
    public String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }

    /**
     * @return {@code a + b}
     */
    @Override
    public int add(int a, int b) {
        return Math.addExact(a, b);
    }

    /**
     * @return the name of the thread that runs this job: in an application server one of its managed executor's
     *         threads, under Weld SE one of the library's own
     */
    @GearmanJob
    public String whereAmI() {
        return Thread.currentThread().getName();
    }
}
