package io.gearmancdi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerAddressTest {

    @Test
    void parsesHostPortListsWithDefaultsAndIpv6() {
        assertThat(ServerAddress.parseList(" gear1:4731, gear2 ,[::1]:4000,,"))
                .containsExactly(new ServerAddress("gear1", 4731), new ServerAddress("gear2", 4730),
                        new ServerAddress("::1", 4000));
        assertThat(ServerAddress.parse("::1")).isEqualTo(new ServerAddress("::1", 4730));
        assertThat(new ServerAddress("::1", 4000)).hasToString("[::1]:4000");
    }

    @Test
    void rejectsBadAddressesNamingTheText() {
        assertThatThrownBy(() -> ServerAddress.parse("host:http")).hasMessageContaining("'host:http'");
        assertThatThrownBy(() -> ServerAddress.parse("host:70000")).hasMessageContaining("out of range: 70000");
        assertThatThrownBy(() -> ServerAddress.parseList(" , ")).hasMessageContaining("no gearman server");
        assertThatThrownBy(() -> ServerAddress.parse(":4730")).hasMessageContaining("blank");
    }
}
