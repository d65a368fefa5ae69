/**
 * {@link io.gearmancdi.se.GearmanWorkerMain}: runs the {@code @GearmanJob} methods of a class path as Gearman workers
 * in Weld SE, the {@code manage.py gearman_worker} of Java. The command line is stable.
 */
package io.gearmancdi.se;
