package io.gearmancdi.web;

import io.gearmancdi.cdi.DashboardSupport;
import io.gearmancdi.dashboard.Dashboard;
import io.gearmancdi.dashboard.DashboardRequest;
import io.gearmancdi.dashboard.DashboardResponse;
import io.gearmancdi.dashboard.Permission;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The dashboard in a Jakarta EE container, at {@code /gearman/*}: registered by the {@code web-fragment.xml} named
 * {@code gearman_cdi_dashboard} of the gearman-cdi jar when the jar is in a WAR's {@code WEB-INF/lib} (in an EAR's
 * {@code lib/}, the WAR's {@code web.xml} maps this class itself). The web fragment also declares the security
 * constraints: role {@value #VIEWER} reads, role {@value #ADMIN} may also retry and cancel.
 *
 * <p>The dashboard is made on first use from the application's CDI beans ({@link DashboardSupport}) and closed with
 * the servlet.
 */
public class DashboardServlet extends HttpServlet {
    /** The role that may read the dashboard. */
    public static final String VIEWER = "gearman-viewer";
    /** The role that may also retry and cancel jobs. */
    public static final String ADMIN = "gearman-admin";

    private static final long serialVersionUID = 1L;

    private transient volatile Dashboard dashboard;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Permission permission = request.isUserInRole(ADMIN) ? Permission.ACT
                : request.isUserInRole(VIEWER) ? Permission.READ : Permission.NONE;
        String prefix = request.getContextPath() + request.getServletPath();
        String uri = request.getRequestURI();
        String rawPath = uri.startsWith(prefix) ? uri.substring(prefix.length()) : "/";
        DashboardResponse answer = dashboard().handle(new DashboardRequest(request.getMethod(), rawPath,
                request.getQueryString(), request::getHeader, permission));
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        answer.headers().forEach(response::setHeader);
        response.setContentLength(answer.body().length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(answer.body());
            }
        }
    }

    private Dashboard dashboard() {
        Dashboard d = dashboard;
        if (d == null) {
            synchronized (this) {
                d = dashboard;
                if (d == null) {
                    d = DashboardSupport.create(CDI.current(), true);
                    dashboard = d;
                }
            }
        }
        return d;
    }

    @Override
    public void destroy() {
        Dashboard d = dashboard;
        if (d != null) {
            d.close();
        }
    }
}
