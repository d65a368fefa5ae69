package io.gearmancdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an interface whose methods are Gearman jobs: a typed contract shared by the callers and the worker.
 *
 * <pre>{@code
 * @RegisterGearmanClient
 * public interface Reports {
 *     @GearmanJob(name = "monthly-report") Report render(String customer, int month);
 *     @GearmanJob(name = "monthly-report") CompletionStage<Report> renderAsync(String customer, int month);
 *     @GearmanJob(name = "monthly-report") @Background JobHandle renderLater(String customer, int month);
 * }
 *
 * @Inject @GearmanRemote Reports reports;   // calls the job wherever its worker runs
 * }</pre>
 *
 * <p><b>Calling.</b> The CDI extension adds an {@code @ApplicationScoped} bean with the {@link GearmanRemote}
 * qualifier for each such interface. A call sends the arguments as {@code kwargs} by parameter name (so a worker may
 * declare its parameters in any order) and reads the result as the declared return type, generics included. The return
 * type chooses how the job is submitted:
 * <ul>
 *   <li>any type JSON-B maps, or {@code void}: a foreground call that waits for the result (as
 *   {@link GearmanClient#call(JobRequest, ResultType)});</li>
 *   <li>{@code CompletionStage<T>}: a foreground job whose stage completes with the result (as
 *   {@link GearmanClient#callAsync(JobRequest, ResultType)});</li>
 *   <li>{@link JobHandle} with {@link Background}: a background job, returned as soon as the server has it.</li>
 * </ul>
 * A parameter of type {@link SubmitOptions} is no argument: it sets the submission's options (unique id, timeout,
 * listener, ...). {@link GearmanJob#priority()} sets the method's priority; a {@code SubmitOptions} argument with a
 * priority other than {@link Priority#NORMAL} overrides it.
 *
 * <p><b>Serving.</b> A CDI bean that implements the interface serves its jobs: the implementation of each job's
 * synchronous method becomes a {@code @GearmanJob} with the interface's name and settings. Asynchronous and background
 * methods are for callers only; the bean implements them with anything (they are never called by the worker).
 *
 * <p><b>Validation.</b> At deployment, every abstract method needs {@code @GearmanJob}, parameter and result types
 * JSON-B can map without being told a type, parameter names in the class file ({@code javac -parameters}), and no
 * {@link JobContext}; methods that share a job name must agree on the parameters and result. An implementing bean must
 * agree with the interface (its own {@code @GearmanJob}, if any, equal to the interface's; the same parameter names).
 * Each problem is a deployment error naming the method. Default methods are plain Java and run in the caller.
 *
 * <p>String names stay supported: {@code gearman.call("monthly-report", Report.class, ...)} reaches the same job.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RegisterGearmanClient {
}
