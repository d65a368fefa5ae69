package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobRequest;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.dashboard.JobActions;
import io.gearmancdi.store.JobRecord;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Map;

/**
 * The dashboard's retry and cancel through the application's {@link GearmanClient}: retry submits the stored
 * request's {@code args} and {@code kwargs} again to the job's logical name as a new background job (a fresh unique id,
 * a fresh attempt count: the {@code meta} member is left behind), at once even inside a transaction; cancel removes
 * the queued job from the server that holds it.
 */
final class ClientJobActions implements JobActions {
    private final GearmanClient client;

    ClientJobActions(GearmanClient client) {
        this.client = client;
    }

    @Override
    public String retry(JobRecord record) {
        if (record.jobName() == null) {
            throw new IllegalArgumentException("the record of job " + record.unique() + " has no job name");
        }
        JsonObject envelope;
        try (JsonReader reader = Json.createReader(new StringReader(record.payload()))) {
            envelope = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("the stored request of job " + record.unique()
                    + " is not a JSON object: " + e.getMessage(), e);
        }
        JobRequest request = JobRequest.of(record.jobName());
        JsonValue args = envelope.get("args");
        if (args instanceof JsonArray array) {
            for (JsonValue arg : array) {
                request.arg(arg);
            }
        }
        JsonValue kwargs = envelope.get("kwargs");
        if (kwargs instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> kwarg : object.entrySet()) {
                request.kwarg(kwarg.getKey(), kwarg.getValue());
            }
        }
        JobHandle handle = client.submitBackground(request.options(SubmitOptions.builder().immediate().build()));
        return handle.unique();
    }

    @Override
    public boolean cancel(JobRecord record) {
        return client.cancel(new JobHandle(ServerAddress.parse(record.server()), record.handle(), record.unique()));
    }
}
