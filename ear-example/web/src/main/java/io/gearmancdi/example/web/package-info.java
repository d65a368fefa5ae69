/**
 * The example's REST front end: {@link io.gearmancdi.example.web.ExampleResource} under {@code /api} submits the
 * example's jobs through an injected {@link io.gearmancdi.GearmanClient}. Not an API: example code.
 */
package io.gearmancdi.example.web;
