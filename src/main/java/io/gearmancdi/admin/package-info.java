/**
 * A client for the Gearman admin text protocol ({@code status}, {@code workers}, {@code show jobs}, {@code maxqueue},
 * {@code cancel job}, ...): {@link io.gearmancdi.admin.AdminClient} and the records its replies are parsed into.
 * Usable without CDI. Stable public API.
 *
 * <p>No class here depends on Jakarta APIs.
 */
package io.gearmancdi.admin;
