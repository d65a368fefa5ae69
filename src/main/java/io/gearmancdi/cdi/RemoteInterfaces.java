package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.GearmanRemote;
import io.gearmancdi.RegisterGearmanClient;
import io.gearmancdi.json.ArgumentBinder;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Provider;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The typed job interfaces ({@code @RegisterGearmanClient}) of the application, for {@link GearmanExtension}: found
 * while types are discovered, through {@code @GearmanRemote} injection points (so an interface in a library jar or an
 * archive with {@code bean-discovery-mode="annotated"} is found too) and through beans that implement them; validated
 * once each; a {@link RemoteProxyBean} per valid interface; and the jobs that an implementing bean serves.
 * Thread-safe (containers may fire discovery events in parallel).
 */
final class RemoteInterfaces {
    private final Set<Class<?>> interfaces = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> injectionProblems = Collections.synchronizedList(new ArrayList<>());

    /** Records a type annotated {@code @RegisterGearmanClient}. */
    void found(Class<?> type) {
        interfaces.add(type);
    }

    /** Records the interface of a {@code @GearmanRemote} injection point, or a problem if it is none. */
    void injected(InjectionPoint injectionPoint) {
        if (injectionPoint.getQualifiers().stream().noneMatch(q -> q.annotationType() == GearmanRemote.class)) {
            return;
        }
        Type type = injectionPoint.getType();
        if (type instanceof ParameterizedType p && (p.getRawType() == Instance.class
                || p.getRawType() == Provider.class)) {
            type = p.getActualTypeArguments()[0]; // @Inject @GearmanRemote Instance<Reports>: looked up later
        }
        if (type instanceof Class<?> c && c.isInterface() && c.isAnnotationPresent(RegisterGearmanClient.class)) {
            interfaces.add(c);
        } else {
            injectionProblems.add("@GearmanRemote injection point " + injectionPoint.getMember() + " has type "
                    + type.getTypeName() + ", which is no interface annotated @RegisterGearmanClient");
        }
    }

    /**
     * Validates every interface found.
     *
     * @return the proxy beans of the valid interfaces; every problem goes to {@code problems}, naming the method
     */
    List<RemoteProxyBean> beans(BeanManager beanManager, List<String> problems) {
        problems.addAll(List.copyOf(injectionProblems));
        List<RemoteProxyBean> beans = new ArrayList<>();
        for (Class<?> type : List.copyOf(interfaces)) {
            Map<Method, RemoteMethod> methods = methods(type, problems);
            if (methods != null) {
                beans.add(new RemoteProxyBean(type, methods, beanManager));
            }
        }
        return beans;
    }

    /** @return the validated job methods of an interface, or {@code null} (and problems) if it is not valid */
    private static Map<Method, RemoteMethod> methods(Class<?> type, List<String> problems) {
        if (!type.isInterface()) {
            problems.add("@RegisterGearmanClient type " + type.getName() + " is not an interface; declare the jobs in "
                    + "an interface (a class serves them with @GearmanJob methods, or by implementing the interface)");
            return null;
        }
        int before = problems.size();
        GearmanJob defaults = type.getAnnotation(GearmanJob.class);
        if (defaults != null) {
            String where = "@GearmanJob on interface " + type.getName();
            if (!defaults.name().isEmpty()) {
                problems.add(where + " sets name = \"" + defaults.name() + "\"; a name belongs to one job (put it on"
                        + " the method; the interface gives only the defaults of priority and the retry settings)");
            }
            JobRetry.problems(defaults).forEach(p -> problems.add(where + ": " + p));
        }
        Map<Method, RemoteMethod> methods = new LinkedHashMap<>();
        for (Method method : sorted(type.getMethods())) {
            if (RemoteMethod.isJobMethod(method)) {
                RemoteMethod remote = RemoteMethod.of(type, method, problems);
                if (remote != null) {
                    methods.put(method, remote);
                }
            }
        }
        Map<String, List<RemoteMethod>> byName = new LinkedHashMap<>();
        methods.values().forEach(m -> byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m));
        byName.forEach((name, same) -> {
            RemoteMethod first = same.get(0);
            for (RemoteMethod other : same.subList(1, same.size())) {
                if (!other.arguments().equals(first.arguments())) {
                    problems.add("@RegisterGearmanClient methods " + JobNames.describe(first.method()) + " and "
                            + JobNames.describe(other.method()) + " both submit job '" + name + "' but with different"
                            + " arguments " + first.arguments().keySet() + " and " + other.arguments().keySet()
                            + " (names and types must match)");
                } else if (first.resultType() != null && other.resultType() != null
                        && !boxed(first.resultType()).equals(boxed(other.resultType()))) {
                    problems.add("@RegisterGearmanClient methods " + JobNames.describe(first.method()) + " and "
                            + JobNames.describe(other.method()) + " both submit job '" + name + "' but read different "
                            + "results, " + first.resultType().getTypeName() + " and "
                            + other.resultType().getTypeName());
                }
            }
        });
        return problems.size() > before ? null : methods;
    }

    /**
     * The jobs a bean serves by implementing typed job interfaces: for each job of each such interface, the bean's
     * implementation of the job's synchronous method, named and configured by the interface.
     *
     * @param problems receives every disagreement between interface and implementation, naming both methods
     */
    <X> List<JobDefinition> implementedJobs(Bean<?> bean, AnnotatedType<X> type, List<String> problems) {
        List<JobDefinition> jobs = new ArrayList<>();
        Class<?> beanClass = bean.getBeanClass();
        for (Class<?> contract : contracts(beanClass)) {
            interfaces.add(contract);
            Map<Method, RemoteMethod> methods = methods(contract, new ArrayList<>());
            if (methods == null) {
                continue; // reported once, with the interface's other problems, by beans(...)
            }
            Map<String, List<RemoteMethod>> byName = new LinkedHashMap<>();
            methods.values().forEach(m -> byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m));
            byName.forEach((name, variants) -> {
                RemoteMethod call = variants.stream().filter(m -> m.kind() == RemoteMethod.Kind.CALL).findFirst()
                        .orElse(null);
                if (call == null) {
                    problems.add("bean " + beanClass.getName() + " implements " + contract.getName() + ", whose job '"
                            + name + "' has only asynchronous or background methods ("
                            + String.join(", ", variants.stream().map(m -> JobNames.describe(m.method())).toList())
                            + "); declare a synchronous method for it, which the bean implements to serve the job");
                    return;
                }
                JobDefinition job = implementation(bean, type, call, problems);
                if (job != null) {
                    jobs.add(job);
                }
            });
        }
        return jobs;
    }

    private static <X> JobDefinition implementation(Bean<?> bean, AnnotatedType<X> type, RemoteMethod call,
                                                    List<String> problems) {
        Method declared = call.method();
        Method impl;
        try {
            impl = bean.getBeanClass().getMethod(declared.getName(), declared.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null; // not implemented by this class: an abstract bean class cannot be a managed bean anyway
        }
        String where = "bean method " + JobNames.describe(impl) + ", which serves job '" + call.name() + "' of "
                + JobNames.describe(declared);
        GearmanJob contract = MergedGearmanJob.of(declared); // with the interface's defaults
        GearmanJob own = impl.getAnnotation(GearmanJob.class);
        if (own != null && !impl.equals(declared)) {
            if (!own.equals(contract) || own.name().isEmpty()) {
                // an empty name would name the job after the class, not the interface: two names again
                problems.add(where + ": interface and implementation disagree: the interface says " + contract
                        + ", the implementation " + own + " (remove the implementation's @GearmanJob: the interface's"
                        + " applies)");
            }
            return null; // equal: the bean's own @GearmanJob already makes it that job
        }
        List<String> declaredNames = Arrays.stream(declared.getParameters()).map(Parameter::getName).toList();
        List<String> implNames = Arrays.stream(impl.getParameters()).map(Parameter::getName).toList();
        List<String> implProblems = new ArrayList<>(ArgumentBinder.problems(impl));
        if (implProblems.isEmpty() && !implNames.equals(declaredNames)) {
            implProblems.add("interface and implementation disagree on the parameter names: " + declaredNames
                    + " in the interface, " + implNames + " in the implementation (arguments are sent by name)");
        }
        if (!implProblems.isEmpty()) {
            implProblems.forEach(p -> problems.add(where + ": " + p));
            return null;
        }
        AnnotatedMethod<? super X> annotated = type.getMethods().stream()
                .filter(m -> m.getJavaMember().equals(impl)).findFirst().orElse(null);
        if (annotated == null) {
            return null;
        }
        return new JobDefinition(bean, new InterfaceJobMethod<>(annotated, contract), call.name(),
                ArgumentBinder.of(call.name(), impl));
    }

    /** @return the {@code @RegisterGearmanClient} interfaces a class implements, directly or through its supertypes */
    private static Set<Class<?>> contracts(Class<?> beanClass) {
        Set<Class<?>> contracts = new LinkedHashSet<>();
        List<Class<?>> pending = new ArrayList<>();
        for (Class<?> c = beanClass; c != null; c = c.getSuperclass()) {
            pending.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!pending.isEmpty()) {
            Class<?> i = pending.remove(0);
            if (i.isAnnotationPresent(RegisterGearmanClient.class)) {
                contracts.add(i);
            }
            pending.addAll(Arrays.asList(i.getInterfaces()));
        }
        return contracts;
    }

    private static Type boxed(Type type) {
        if (type instanceof Class<?> c && c.isPrimitive()) {
            return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
        }
        return type;
    }

    /** Methods in a stable order, so that messages and the choice among variants do not depend on reflection's. */
    private static List<Method> sorted(Method[] methods) {
        List<Method> list = new ArrayList<>(Arrays.asList(methods));
        list.sort((a, b) -> JobNames.describe(a).compareTo(JobNames.describe(b)));
        return list;
    }

    @Override
    public String toString() {
        return "RemoteInterfaces" + Objects.toString(List.copyOf(interfaces));
    }
}
