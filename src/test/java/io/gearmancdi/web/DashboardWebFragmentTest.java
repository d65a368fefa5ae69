package io.gearmancdi.web;

import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, "Dashboard" (a): the jar's {@code META-INF/web-fragment.xml} — read by the servlet container only when the
 * jar is in a WAR's {@code WEB-INF/lib}, so the EAR tests of the ear-example do not reach it — is named, maps the
 * dashboard servlet at {@code /gearman/*} and constrains it to the two roles.
 */
class DashboardWebFragmentTest {
    @Test
    @DisplayName("issue 15 dashboard: web-fragment.xml names itself, maps DashboardServlet at /gearman/* for the roles")
    void webFragmentMapsTheDashboardIssue15() throws Exception {
        Document xml;
        try (InputStream in = DashboardServlet.class.getClassLoader().getResourceAsStream("META-INF/web-fragment.xml")) {
            assertThat(in).isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            xml = factory.newDocumentBuilder().parse(in);
        }
        XPath xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/web-fragment/name", xml)).isEqualTo("gearman_cdi_dashboard");
        String servletClass = xpath.evaluate("/web-fragment/servlet/servlet-class", xml);
        assertThat(HttpServlet.class.isAssignableFrom(Class.forName(servletClass))).isTrue();
        assertThat(servletClass).isEqualTo(DashboardServlet.class.getName());
        assertThat(xpath.evaluate("/web-fragment/servlet-mapping/url-pattern", xml)).isEqualTo("/gearman/*");
        assertThat(xpath.evaluate("/web-fragment/security-constraint/web-resource-collection/url-pattern", xml))
                .isEqualTo("/gearman/*");
        assertThat(xpath.evaluate("count(/web-fragment/security-constraint/auth-constraint/role-name"
                + "[.='" + DashboardServlet.VIEWER + "' or .='" + DashboardServlet.ADMIN + "'])", xml)).isEqualTo("2");
    }
}
