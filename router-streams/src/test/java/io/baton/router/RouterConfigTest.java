package io.baton.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Properties;
import io.baton.topics.KafkaSettings;
import org.junit.jupiter.api.Test;

class RouterConfigTest {
  @Test
  void defaultsAreForDurabilityNotVisibility() {
    RouterConfig config = RouterConfig.fromEnv(Map.of("HOSTNAME", "router-7"));
    assertEquals(500, config.commitIntervalMs());
    assertEquals("router-7", config.instanceId());
    Properties p = RouterService.streamsProperties(config, KafkaSettings.of("localhost:9092"));
    assertEquals(10L, p.get("poll.ms"));
    assertEquals("router-7", p.get("main.consumer.group.instance.id") != null ? p.get("main.consumer.group.instance.id")
        : p.get("consumer.group.instance.id"));
  }

  @Test
  void theInstanceIdComesFromItsVariable() {
    assertEquals("r-1", RouterConfig.fromEnv(Map.of("BATON_ROUTER_INSTANCE_ID", "r-1")).instanceId());
    assertEquals("BATON_ROUTER_INSTANCE_ID must not be blank", assertThrows(IllegalArgumentException.class,
        () -> RouterConfig.fromEnv(Map.of("BATON_ROUTER_INSTANCE_ID", " "))).getMessage());
  }

  @Test
  void anUnreadableSettingNamesItsVariable() {
    assertEquals("BATON_ROUTER_COMMIT_INTERVAL_MS must be a whole number, was 'soon'",
        assertThrows(IllegalArgumentException.class,
            () -> RouterConfig.fromEnv(Map.of("BATON_ROUTER_COMMIT_INTERVAL_MS", "soon"))).getMessage());
    assertEquals("BATON_ROUTER_QUEUE_TIMEOUT_SECONDS must be between 1 and 2147483647, not 0",
        assertThrows(IllegalArgumentException.class,
            () -> RouterConfig.fromEnv(Map.of("BATON_ROUTER_QUEUE_TIMEOUT_SECONDS", "0"))).getMessage());
  }
}
