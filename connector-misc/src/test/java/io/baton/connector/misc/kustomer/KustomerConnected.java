package io.baton.connector.misc.kustomer;

import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kustomer.KustomerSimulator;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test classes run against one sandbox, a {@code kustomer} connection on plan enterprise and a connector instance
 * that activated it; after the class the connection is switched off (later classes on the shared broker leave it
 * alone) and everything closed. A test that restarts the instance puts the new one in {@link #service}.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KustomerConnected {
  private final String connection;
  private final String instance;
  ConnectorFixture fx;
  KustomerService service;
  KustomerSimulator kustomer;
  AgentDesk desk;

  /** @param instance the instance id's prefix (the fixture's run id follows) */
  KustomerConnected(String connection, String instance) {
    this.connection = connection;
    this.instance = instance;
  }

  @BeforeAll
  void start(KafkaBroker broker) {
    fx = KustomerSeeds.fixture(broker, connection, KustomerSeeds.fastSimulator());
    kustomer = fx.sandbox.kustomer();
    desk = fx.desk(KustomerSimulator.NAME);
    KustomerSeeds.connection(fx, connection, Map.of("plan", "enterprise"), kustomer.apiKey());
    service = KustomerSeeds.active(fx, instance + "-" + fx.run, 0, connection);
  }

  @AfterAll
  void stop() {
    if (service != null) {
      ConnectionsTopic.retire(fx, connection);
      service.stop();
    }
    if (fx != null) {
      fx.close();
    }
  }
}
