package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Logical job names (docs/cdi.md §3). */
final class JobNames {
    /** The class name that is left out of default names, as django-gearman leaves out its {@code gearman_jobs}. */
    public static final String JOBS_CLASS = "GearmanJobs";

    private JobNames() {
    }

    /**
     * @param beanClass the bean class (the declaring class of an inherited method does not count)
     * @param method    the job method
     * @return {@code @GearmanJob(name)} if given, else {@code <package>.<SimpleClassName>.<method>}, without the
     *         class name when it is exactly {@code GearmanJobs}
     */
    public static String logicalName(Class<?> beanClass, Method method) {
        GearmanJob job = method.getAnnotation(GearmanJob.class);
        if (job != null && !job.name().isEmpty()) {
            return job.name();
        }
        String pkg = beanClass.getPackageName();
        StringBuilder name = new StringBuilder();
        if (!pkg.isEmpty()) {
            name.append(pkg).append('.');
        }
        String simple = beanClass.getSimpleName();
        if (!simple.equals(JOBS_CLASS)) {
            if (beanClass.getEnclosingClass() != null) {
                // a nested class keeps its outer class: Outer.Inner, as in its Java name
                simple = beanClass.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '.');
            }
            name.append(simple).append('.');
        }
        return name.append(method.getName()).toString();
    }

    /** @return {@code com.acme.Reports#render(String, int)} */
    public static String describe(Method method) {
        return method.getDeclaringClass().getName() + "#" + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ")";
    }
}
