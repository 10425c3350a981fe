package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.storage.Store;

/** Safe by default: a server listens on localhost unless it is told to listen everywhere. */
@Tag("integration")
class ListenAddressTest {
    @Test
    void theDefaultIsLocalhostOnly() {
        try (Store store = Store.inMemory(); RegioServer server = RegioServer.builder(store).port(0).build().start()) {
            assertThat(server.listenHost()).isEqualTo("localhost");
        }
    }

    @Test
    void everyInterfaceOnlyWhenAsked() {
        try (Store store = Store.inMemory(); RegioServer server = RegioServer.builder(store).port(0).loopbackOnly(false).build()) {
            assertThat(server.listenHost()).isNull();
        }
    }
}
