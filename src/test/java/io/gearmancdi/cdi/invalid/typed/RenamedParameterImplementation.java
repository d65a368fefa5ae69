package io.gearmancdi.cdi.invalid.typed;

import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RenamedParameterImplementation implements Contract {
    @Override
    public String run(String text) {
        return text;
    }
}
