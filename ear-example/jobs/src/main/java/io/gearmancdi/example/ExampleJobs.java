package io.gearmancdi.example;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

/**
 * The small jobs as a typed contract: {@link GearmanJobs} implements it and so serves these jobs; a caller injects
 * {@code @GearmanRemote ExampleJobs} and calls them wherever their workers run. The names are the ones
 * {@code GearmanJobs} had as plain {@code @GearmanJob} methods, so callers by name (the {@code gearman} CLI) see no
 * change.
 */
@RegisterGearmanClient
public interface ExampleJobs {
    /** The logical name of {@link #reverse}. */
    String REVERSE = "io.gearmancdi.example.reverse";
    /** The logical name of {@link #add}. */
    String ADD = "io.gearmancdi.example.add";

    /**
     * @param text any text
     * @return the text reversed
     */
    @GearmanJob(name = REVERSE)
    String reverse(String text);

    /**
     * @return {@code a + b}
     * @throws ArithmeticException (remotely) on overflow
     */
    @GearmanJob(name = ADD)
    int add(int a, int b);
}
