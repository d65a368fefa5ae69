package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanRemote;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * The {@code @ApplicationScoped @GearmanRemote} bean of one typed job interface, added by the extension: a JDK dynamic
 * proxy that turns each call into a job submitted through the application's {@link GearmanClient} bean (the library's,
 * or the application's own if it declares one). Default methods run as written, in the caller.
 */
final class RemoteProxyBean extends SyntheticBean<Object> {
    private final Class<?> type;
    private final Map<Method, RemoteMethod> methods;
    private final BeanManager beanManager;

    RemoteProxyBean(Class<?> type, Map<Method, RemoteMethod> methods, BeanManager beanManager) {
        this.type = type;
        this.methods = Map.copyOf(methods);
        this.beanManager = beanManager;
    }

    @Override
    public Object create(CreationalContext<Object> creationalContext) {
        Bean<?> clientBean = beanManager.resolve(beanManager.getBeans(GearmanClient.class));
        GearmanClient client = (GearmanClient) beanManager.getReference(clientBean, GearmanClient.class,
                creationalContext);
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, new Handler(client));
    }

    @Override
    public void destroy(Object instance, CreationalContext<Object> creationalContext) {
        creationalContext.release(); // a @Dependent GearmanClient of the application goes with the proxy
    }

    private final class Handler implements InvocationHandler {
        private final GearmanClient client;

        Handler(GearmanClient client) {
            this.client = client;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            RemoteMethod remote = methods.get(method);
            if (remote != null) {
                return remote.invoke(client, args == null ? new Object[0] : args);
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "@GearmanRemote " + type.getName();
                };
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new IllegalStateException("no job for " + JobNames.describe(method)); // validated at deployment
        }
    }

    @Override
    public Class<?> getBeanClass() {
        return type;
    }

    @Override
    public Set<Type> getTypes() {
        return Set.of(type, Object.class);
    }

    @Override
    public Set<Annotation> getQualifiers() {
        return Set.of(GearmanRemote.Literal.INSTANCE, Any.Literal.INSTANCE);
    }

    @Override
    public String getId() {
        return RemoteProxyBean.class.getName() + "#" + type.getName();
    }

    @Override
    public String toString() {
        return "RemoteProxyBean[@ApplicationScoped @GearmanRemote " + type.getName() + "]";
    }
}
