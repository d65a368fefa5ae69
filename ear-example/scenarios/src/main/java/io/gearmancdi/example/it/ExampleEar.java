package io.gearmancdi.example.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

import java.io.File;

/** The EAR built by the {@code ear} module, as the build copied it (system property {@code example.ear}). */
public final class ExampleEar {
    /** The EAR's name in the server: the same for every deployment, so a redeploy replaces the application. */
    public static final String NAME = "gearman-cdi-example.ear";

    private ExampleEar() {
    }

    /** @return the built EAR, unchanged */
    public static EnterpriseArchive load() {
        String path = System.getProperty("example.ear");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property example.ear must name the built EAR, is " + path);
        }
        EnterpriseArchive ear = ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(path));
        return ShrinkWrap.create(EnterpriseArchive.class, NAME).merge(ear);
    }
}
