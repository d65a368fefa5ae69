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
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
                request = request.arg(plain(arg));
            }
        }
        JsonValue kwargs = envelope.get("kwargs");
        if (kwargs instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> kwarg : object.entrySet()) {
                request = request.kwarg(kwarg.getKey(), plain(kwarg.getValue()));
            }
        }
        JobHandle handle = client.submitBackground(request.options(SubmitOptions.builder().immediate().build()));
        return handle.unique();
    }

    /**
     * A JSON-P value as the plain Java value JSON-B writes back as the same JSON (strings, exact numbers, booleans,
     * null, lists, maps): the payload codec does not take JSON-P types.
     */
    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonValue element : value.asJsonArray()) {
                    list.add(plain(element));
                }
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.asJsonObject().forEach((name, member) -> map.put(name, plain(member)));
                yield map;
            }
        };
    }

    @Override
    public boolean cancel(JobRecord record) {
        return client.cancel(new JobHandle(ServerAddress.parse(record.server()), record.handle(), record.unique()));
    }
}
