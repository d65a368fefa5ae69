package io.gearmancdi.example.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, the dashboard "registered by a web-fragment.xml when the jar is in WEB-INF/lib": a plain WAR with no
 * servlet and no security constraint of its own — gearman-cdi and its one runtime dependency (the uPlot WebJar, both
 * taken from the example EAR's {@code lib/}) in {@code WEB-INF/lib}, and a {@code web.xml} that only chooses BASIC
 * login. The library's {@code META-INF/web-fragment.xml} maps the dashboard at {@code /gearman/*} and restricts it to
 * the roles {@code gearman-viewer} and {@code gearman-admin}. Same users as {@link DashboardScenarios}.
 */
@ExtendWith({GearmandExtension.class, ArquillianExtension.class}) // gearmand first: it must run before the server
public abstract class WebFragmentScenarios {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <login-config><auth-method>BASIC</auth-method><realm-name>gearman</realm-name></login-config>
            </web-app>
            """;
    /** Payara: the roles are the file realm's groups of the same name (WildFly ignores this file). */
    private static final String GLASSFISH_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
                    "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
              <security-role-mapping><role-name>gearman-viewer</role-name><group-name>gearman-viewer</group-name></security-role-mapping>
              <security-role-mapping><role-name>gearman-admin</role-name><group-name>gearman-admin</group-name></security-role-mapping>
            </glassfish-web-app>
            """;

    @ArquillianResource
    URL webModule;

    @Deployment(testable = false)
    public static WebArchive war() {
        EnterpriseArchive ear = ExampleEar.load();
        WebArchive war = ShrinkWrap.create(WebArchive.class, "gearman-fragment.war")
                .setWebXML(new StringAsset(WEB_XML))
                .addAsWebInfResource(new StringAsset(GLASSFISH_WEB_XML), "glassfish-web.xml")
                .addAsWebInfResource(new StringAsset("<beans bean-discovery-mode=\"annotated\"/>"), "beans.xml")
                // the example EAR publishes the library's metrics already: this second application leaves them out
                .addAsResource(new StringAsset("gearman.metrics.enabled=false\n"),
                        "META-INF/microprofile-config.properties");
        List<ArchivePath> libraries = ear.getContent().keySet().stream()
                .filter(p -> p.get().matches("/lib/(gearman-cdi|uplot)(-[^/]*)?\\.jar")).toList();
        assertThat(libraries).as("gearman-cdi and uplot in the example EAR's lib/").hasSize(2);
        for (ArchivePath library : libraries) {
            String name = library.get().substring(library.get().lastIndexOf('/') + 1); // not lib/…: WEB-INF/lib/x.jar
            war.addAsLibrary(ShrinkWrap.create(JavaArchive.class, name)
                    .merge(ear.getAsType(JavaArchive.class, library)));
        }
        return war;
    }

    private DashboardScenarios.Dashboard as(String user) {
        String s = webModule.toExternalForm();
        return new DashboardScenarios.Dashboard((s.endsWith("/") ? s : s + "/") + "gearman/", user);
    }

    @Test
    void issue15TheLibrarysWebFragmentServesTheDashboardToItsTwoRoles() {
        assertThat(as(null).get("").statusCode()).as("no login").isEqualTo(401);
        HttpResponse<String> page = as(DashboardScenarios.VIEWER).get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Gearman dashboard</title>");
        assertThat(as(DashboardScenarios.VIEWER).get("static/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(as(DashboardScenarios.VIEWER).get("api/session").body())
                .contains("\"actions\":false").contains("\"store\":false");
        assertThat(as(DashboardScenarios.ADMIN).get("api/session").body()).contains("\"actions\":true");
        String address = GearmandExtension.current().address();
        String servers = Poll.until("the job server listed as reachable", WAIT, () -> {
            String body = as(DashboardScenarios.VIEWER).get("api/servers").body();
            return body.contains(address) && body.contains("\"reachable\":true") ? Optional.of(body)
                    : Optional.empty();
        });
        assertThat(servers).contains(address);
    }
}
