package io.gearmancdi.example.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Publishes the REST resources under {@code /api}. */
@ApplicationPath("/api")
public class ExampleApplication extends Application {
}
