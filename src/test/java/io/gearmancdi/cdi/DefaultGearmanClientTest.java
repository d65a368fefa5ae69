package io.gearmancdi.cdi;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.json.PayloadCodec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultGearmanClientTest {

    @Test
    void theMapperIsAskedOncePerLogicalNameAndAtMostForAThousandNamesRemembered() {
        AtomicInteger calls = new AtomicInteger();
        JobClient plain = JobClient.create(ClientOptions.builder().servers(List.of(ServerAddress.parse("127.0.0.1:1")))
                .build());
        try (DefaultGearmanClient client = new DefaultGearmanClient(plain, new PayloadCodec(), name -> {
            calls.incrementAndGet();
            return "p." + name;
        })) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.functionName("a.job")).isEqualTo("p.a.job");
            }
            assertThat(calls).hasValue(1);
            for (int i = 0; i < 2_000; i++) {
                assertThat(client.functionName("dynamic-" + i)).isEqualTo("p.dynamic-" + i);
            }
            assertThat(client.functionName("dynamic-1999")).isEqualTo("p.dynamic-1999");
            assertThat(calls).as("names beyond the bound are mapped each time, not remembered").hasValue(2_002);
        }
    }
}
