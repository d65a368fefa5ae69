/**
 * The CDI integration: the portable extension that finds {@code @GearmanJob} methods and validates them, the
 * injectable {@code GearmanClient} bean, configuration binding (MicroProfile Config) and the worker lifecycle.
 * <b>Internal:</b> registered through {@code META-INF/services}; only {@link io.gearmancdi.cdi.GearmanExtension} is
 * named by applications (in tests that build a container by hand). May change in any release.
 */
package io.gearmancdi.cdi;
