package io.gearmancdi.example.web;

import io.gearmancdi.GearmanException;
import io.gearmancdi.GearmanJobException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a failed job or an unreachable job server with {@code 502} and a JSON body saying what went wrong. */
@Provider
public class GearmanExceptionMapper implements ExceptionMapper<GearmanException> {

    /** The body of an error answer. */
    public record Failure(String error, String type, String message) {
    }

    @Override
    public Response toResponse(GearmanException e) {
        Failure failure = e instanceof GearmanJobException job
                ? new Failure("job failed", job.remoteType(), job.remoteMessage())
                : new Failure("gearman", e.getClass().getName(), e.getMessage());
        return Response.status(Response.Status.BAD_GATEWAY).type(MediaType.APPLICATION_JSON).entity(failure).build();
    }
}
