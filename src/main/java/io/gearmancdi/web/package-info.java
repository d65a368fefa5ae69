/**
 * The dashboard in a Jakarta EE container: {@link io.gearmancdi.web.DashboardServlet}, registered at
 * {@code /gearman/*} by the jar's {@code web-fragment.xml} (or by a one-class subclass in a WAR of an EAR). Needs the
 * Jakarta Servlet API, which the container provides.
 */
package io.gearmancdi.web;
