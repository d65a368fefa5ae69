/**
 * The API of gearman-cdi that applications use: {@code @GearmanJob}, the injectable {@code GearmanClient}, submit
 * options, job handles and status, and the exception hierarchy rooted at {@link io.gearmancdi.GearmanException}.
 * Stable.
 */
package io.gearmancdi;
