package io.gearmancdi.example.web;

import io.gearmancdi.web.DashboardServlet;
import jakarta.annotation.security.DeclareRoles;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;

/**
 * The gearman-cdi dashboard at {@code /example/gearman/}. In an EAR the library sits in {@code lib/}, where the
 * servlet container does not read its {@code web-fragment.xml}: this one class maps it into the WAR instead. Role
 * {@code gearman-viewer} reads, {@code gearman-admin} may also retry and cancel (users: see the it-wildfly and
 * it-payara builds); the login is BASIC ({@code WEB-INF/web.xml}).
 */
@WebServlet("/gearman/*")
@ServletSecurity(@HttpConstraint(rolesAllowed = {DashboardServlet.VIEWER, DashboardServlet.ADMIN}))
@DeclareRoles({DashboardServlet.VIEWER, DashboardServlet.ADMIN})
public class GearmanDashboard extends DashboardServlet {
    private static final long serialVersionUID = 1L;
}
