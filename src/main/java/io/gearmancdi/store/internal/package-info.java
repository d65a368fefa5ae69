/**
 * The library's job record store on JDBC ({@link io.gearmancdi.store.internal.JdbcJobStore}). Internal: not a stable
 * API; applications use {@link io.gearmancdi.store.JobStore} or configure the store with {@code gearman.store.*}.
 */
package io.gearmancdi.store.internal;
