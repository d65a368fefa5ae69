package io.gearmancdi.example.it;

import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 15: the dashboard in Payara, in headless Chromium. The users go into the default file realm with
 * {@code asadmin create-file-user} once the domain runs (Arquillian has started it before this class's
 * {@code @BeforeAll}); the WAR's {@code glassfish-web.xml} maps the realm's groups to the roles.
 */
class PayaraDashboardTest extends DashboardScenarios {
    @BeforeAll
    static void createUsers() throws Exception {
        // not a @TempDir parameter: the Arquillian extension claims every parameter and cannot resolve it
        Path passwords = Files.createTempFile("asadmin-", ".passwords");
        try {
            Files.writeString(passwords, "AS_ADMIN_PASSWORD=\nAS_ADMIN_USERPASSWORD=" + PASSWORD + "\n");
            createUser(passwords, VIEWER, "gearman-viewer");
            createUser(passwords, ADMIN, "gearman-admin");
        } finally {
            Files.deleteIfExists(passwords);
        }
    }

    private static void createUser(Path passwords, String user, String group) throws IOException,
            InterruptedException {
        Path asadmin = Path.of(System.getProperty("payara.home"), "bin", "asadmin");
        Process p = new ProcessBuilder(List.of(asadmin.toString(), "--port", System.getProperty("payara.admin.port"),
                "--user", "admin", "--passwordfile", passwords.toString(), "--interactive=false",
                "create-file-user", "--authrealmname", "file", "--groups", group, user))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("asadmin create-file-user " + user + " did not finish in 120 s: " + out);
        }
        // a user left by an earlier run in the same domain is fine
        if (p.exitValue() != 0 && !out.contains("already exists")) {
            throw new AssertionError("asadmin create-file-user " + user + " failed (" + p.exitValue() + "): " + out);
        }
    }
}
