package io.baton.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.topics.KafkaSettings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaRegistrySettingsTest {
  @Test
  void kafkaSettingsFromTheEnvironmentPointTheProcessSerdesAtTheRegistryWithItsBasicAuth() {
    try {
      KafkaSettings.fromEnv(Map.of("BATON_SCHEMA_REGISTRY_URL", "https://registry.example:8081/",
          "BATON_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO",
          "BATON_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "baton:s3cret"));

      SchemaRegistrySettings used = RegistrySchemas.processWide().orElseThrow().settings();
      assertEquals(URI.create("https://registry.example:8081"), used.url());
      assertEquals("Basic YmF0b246czNjcmV0", used.authorization());
      assertEquals("https://registry.example:8081 (basic auth as baton)", used.toString(), "no password printed");
    } finally {
      KafkaSettings.fromEnv(Map.of());
    }
    assertEquals(Optional.empty(), RegistrySchemas.processWide());
  }

  @Test
  void halfAnAuthConfigurationFailsAtStartRatherThanRunningUnauthenticated() {
    var e = assertThrows(IllegalArgumentException.class, () -> SchemaRegistrySettings.fromEnv(Map.of(
        SchemaRegistrySettings.URL, "http://r:8081", SchemaRegistrySettings.USER_INFO, "baton:s3cret")));
    assertEquals("set both BATON_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE=USER_INFO and"
        + " BATON_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, or neither", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SchemaRegistrySettings.fromEnv(Map.of(
        SchemaRegistrySettings.URL, "http://r:8081", SchemaRegistrySettings.CREDENTIALS_SOURCE, "SASL_INHERIT")));
    assertEquals("BATON_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE must be USER_INFO (the only source Baton takes),"
        + " was 'SASL_INHERIT'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SchemaRegistrySettings.fromEnv(Map.of(
        SchemaRegistrySettings.URL, "registry:8081")));
    assertEquals("schema registry url must be http(s)://host[:port], was registry:8081", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SchemaRegistrySettings.fromEnv(Map.of(
        SchemaRegistrySettings.URL, "http://baton:s3cret@r:8081")));
    assertEquals("the schema registry url must not hold credentials: set"
        + " BATON_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE=USER_INFO and"
        + " BATON_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO instead", e.getMessage());
  }
}
