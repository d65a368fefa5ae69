package io.gearmancdi.example;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Small jobs. The class is named {@code GearmanJobs}, so its jobs' logical names leave the class out:
 * {@code io.gearmancdi.example.reverse}, {@code io.gearmancdi.example.add}, {@code io.gearmancdi.example.whereAmI}.
 * On the job server they are prefixed ({@code gearman.job-name.prefix=example}):
 * {@code example.io.gearmancdi.example.reverse}.
 */
@ApplicationScoped
public class GearmanJobs {

    /**
     * @param text any text
     * @return the text reversed (by UTF-16 code unit pairs, so surrogate pairs stay intact)
     */
    @GearmanJob
    public String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }

    /**
     * @return {@code a + b}
     */
    @GearmanJob
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
