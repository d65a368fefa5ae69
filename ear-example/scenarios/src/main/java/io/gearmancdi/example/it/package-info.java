/**
 * End-to-end scenarios of the example EAR in an application server, against a real gearmand. The abstract classes
 * hold the tests; {@code it-wildfly} and {@code it-payara} run them with their Arquillian container. Fixtures:
 * {@link io.gearmancdi.example.it.GearmandProcess} (gearmand on the port the build reserved, started by
 * {@link io.gearmancdi.example.it.GearmandExtension} before the server), {@link io.gearmancdi.example.it.Rest}.
 */
package io.gearmancdi.example.it;
