package io.gearmancdi.cdi;

import io.gearmancdi.cdi.invalid.typed.AnnotatedClass;
import io.gearmancdi.cdi.invalid.typed.BadInterfaceDefaults;
import io.gearmancdi.cdi.invalid.typed.BadParameters;
import io.gearmancdi.cdi.invalid.typed.BadReturnTypes;
import io.gearmancdi.cdi.invalid.typed.Contract;
import io.gearmancdi.cdi.invalid.typed.DisagreeingVariants;
import io.gearmancdi.cdi.invalid.typed.JobDefaultsOnBean;
import io.gearmancdi.cdi.invalid.typed.JobDefaultsOnPlainInterface;
import io.gearmancdi.cdi.invalid.typed.NamedInterfaceDefaults;
import io.gearmancdi.cdi.invalid.typed.NoJobAnnotation;
import io.gearmancdi.cdi.invalid.typed.NotAnInterfaceCaller;
import io.gearmancdi.cdi.invalid.typed.OnlyAsync;
import io.gearmancdi.cdi.invalid.typed.OnlyAsyncImplementation;
import io.gearmancdi.cdi.invalid.typed.RenamedParameterImplementation;
import io.gearmancdi.cdi.invalid.typed.RenamingImplementation;
import io.gearmancdi.testing.Deployments;
import io.gearmancdi.testing.JavaSources;
import jakarta.enterprise.inject.spi.DefinitionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: typed job interfaces that cannot work fail the deployment, naming the method(s). */
class InvalidTypedInterfacesTest {
    private static final Map<String, String> NO_WORKERS = Map.of("gearman.worker.enabled", "false");

    @Test
    @DisplayName("issue 13: an interface method without @GearmanJob is a deployment error naming it")
    void methodWithoutGearmanJob() {
        assertThat(deploy(NoJobAnnotation.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining(NoJobAnnotation.class.getName() + "#forgotten(String)")
                .hasMessageContaining("has no @GearmanJob")
                .hasMessageNotContaining("#fine(String)");
    }

    @Test
    @DisplayName("issue 13: unsupported return types are deployment errors naming each method")
    void unsupportedReturnTypes() {
        assertThat(deploy(BadReturnTypes.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("#stream(String)").hasMessageContaining("java.io.InputStream has no JSON form")
                .hasMessageContaining("#future(String)").hasMessageContaining("declare CompletionStage<T>")
                .hasMessageContaining("#handle(String)").hasMessageContaining("(add @Background to queue")
                .hasMessageContaining("#later(String)").hasMessageContaining("@Background method returns JobHandle")
                .hasMessageContaining("#raw(String)").hasMessageContaining("raw type java.util.concurrent.CompletionStage")
                .hasMessageContaining("#wild(String)").hasMessageContaining("wildcard ?");
    }

    @Test
    @DisplayName("issue 13: JobContext, open parameter types and two SubmitOptions are deployment errors")
    void unsupportedParameters() {
        assertThat(deploy(BadParameters.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("#context(JobContext, String)").hasMessageContaining("is a JobContext")
                .hasMessageContaining("#wildcard(List)").hasMessageContaining("'items'")
                .hasMessageContaining("#twoOptions(String, SubmitOptions, SubmitOptions)")
                .hasMessageContaining("more than one SubmitOptions parameter");
    }

    @Test
    @DisplayName("issue 13: @GearmanRemote on a type that is no @RegisterGearmanClient interface, and a class with it")
    void remoteOfWhatIsNoTypedInterface() {
        assertThat(deploy(NotAnInterfaceCaller.class, AnnotatedClass.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("NotAnInterfaceCaller.task").hasMessageContaining("java.lang.Runnable")
                .hasMessageContaining(AnnotatedClass.class.getName() + " is not an interface");
    }

    @Test
    @DisplayName("issue 13: methods of one job must agree on arguments and result")
    void variantsOfOneJobDisagree() {
        assertThat(deploy(DisagreeingVariants.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("#a(String) and " + DisagreeingVariants.class.getName() + "#b(String)")
                .hasMessageContaining("read different results, java.lang.String and java.lang.Integer")
                .hasMessageContaining("#c(String) and " + DisagreeingVariants.class.getName() + "#d(String)")
                .hasMessageContaining("different arguments [x] and [y]");
    }

    @Test
    @DisplayName("issue 13: an implementation naming its job differently from the interface fails deployment")
    void implementationWithAnotherName() {
        assertThat(deploy(Contract.class, RenamingImplementation.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining(RenamingImplementation.class.getName() + "#run(String)")
                .hasMessageContaining(Contract.class.getName() + "#run(String)")
                .hasMessageContaining("interface and implementation disagree")
                .hasMessageContaining("other-name");
    }

    @Test
    @DisplayName("issue 13: an implementation with other parameter names fails deployment (arguments go by name)")
    void implementationWithOtherParameterNames() {
        assertThat(deploy(Contract.class, RenamedParameterImplementation.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining(RenamedParameterImplementation.class.getName() + "#run(String)")
                .hasMessageContaining("[input] in the interface, [text] in the implementation");
    }

    @Test
    @DisplayName("issue 13: a bean cannot serve a job the interface declares only asynchronously")
    void implementationOfAnAsyncOnlyJob() {
        assertThat(deploy(OnlyAsync.class, OnlyAsyncImplementation.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("bean " + OnlyAsyncImplementation.class.getName() + " implements "
                        + OnlyAsync.class.getName())
                .hasMessageContaining("'only-async' has only asynchronous or background methods");
    }

    @Test
    @DisplayName("issue 13: an interface compiled without -parameters cannot send arguments by name")
    void parameterNamesMissing(@TempDir Path dir) throws Exception {
        ClassLoader loader = JavaSources.compile(dir, "io.gearmancdi.cdi.invalid.typed.noparams.NoNames", """
                package io.gearmancdi.cdi.invalid.typed.noparams;
                @io.gearmancdi.RegisterGearmanClient
                public interface NoNames {
                    @io.gearmancdi.GearmanJob(name = "no-names")
                    String greet(String name, int times);
                }
                """);
        Class<?> type = loader.loadClass("io.gearmancdi.cdi.invalid.typed.noparams.NoNames");
        assertThat(type.getMethod("greet", String.class, int.class).getParameters()[0].isNamePresent()).isFalse();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            assertThat(deploy(type)).isInstanceOf(DefinitionException.class)
                    .hasMessageContaining("NoNames#greet(String, int)")
                    .hasMessageContaining("compiled without -parameters");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    @DisplayName("issue 13: a name in an interface's @GearmanJob is a deployment error naming the interface")
    void interfaceLevelName() {
        assertThat(deploy(NamedInterfaceDefaults.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("@GearmanJob on interface " + NamedInterfaceDefaults.class.getName())
                .hasMessageContaining("name = \"every-job\"");
    }

    @Test
    @DisplayName("issue 13: bad interface defaults, alone or merged with a method's values, are deployment errors")
    void badInterfaceDefaults() {
        assertThat(deploy(BadInterfaceDefaults.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("@GearmanJob on interface " + BadInterfaceDefaults.class.getName()
                        + ": retries = -1 is negative")
                .hasMessageContaining(BadInterfaceDefaults.class.getName() + "#run(String): maxBackoff = \"5s\" is "
                        + "shorter than backoff = \"1m\"");
    }

    @Test
    @DisplayName("issue 13: a type-level @GearmanJob on a bean class is a deployment error naming it")
    void typeLevelOnBeanClass() {
        assertThat(deploy(JobDefaultsOnBean.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("@GearmanJob on type " + JobDefaultsOnBean.class.getName())
                .hasMessageContaining("is no such interface");
    }

    @Test
    @DisplayName("issue 13: a type-level @GearmanJob on an interface without @RegisterGearmanClient is an error")
    void typeLevelOnPlainInterface() {
        assertThat(deploy(JobDefaultsOnPlainInterface.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("@GearmanJob on type " + JobDefaultsOnPlainInterface.class.getName());
    }

    /** @return the deployment failure, or null if the container started */
    private static Throwable deploy(Class<?>... beans) {
        return Deployments.failure(NO_WORKERS, beans);
    }
}
