package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.RegisterGearmanClient;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@RegisterGearmanClient
public class AnnotatedClass {
}
