package io.baton.schemas;

import io.baton.testkit.NewerProducer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.schemas.registry.CatalogueImport;
import io.baton.schemas.registry.RegistrySchemas;
import io.baton.schemas.registry.SchemaRegistrySettings;
import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.testkit.ConfluentRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A newer producer's record: its schema id is in the registry only, and Baton reads it with its own schema. */
class AvroSerdeRegistryTest {
  private static ConfluentRegistry registry;
  private static int newerId;
  private static byte[] newerRecord;

  private static final VisitorEvent EVENT = VisitorEvent.newBuilder().setEventId("e-1")
      .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_123L)).setTenant("acme").setConversationId("c-1")
      .setContext(VisitorContext.newBuilder().setName("Ada").setPageProperties(Map.of()).build())
      .setBody(VisitorMessage.newBuilder().setText("hello from v2").setAttachments(List.of()).build()).build();

  @BeforeAll
  static void aRegistryWithTheCatalogueAndANewerVisitorEvent() throws IOException {
    registry = ConfluentRegistry.start();
    CatalogueImport.ofBaton(SchemaRegistrySettings.of(registry.url()), new PrintStream(new ByteArrayOutputStream()))
        .run();
    Schema current = VisitorEvent.getClassSchema();
    String json = current.toString();
    Schema newer = new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']'))
        + ",{\"name\":\"mood\",\"type\":\"string\",\"default\":\"calm\"}]}");
    newerId = registry.register(current.getFullName(), newer.toString());
    newerRecord = written(newer, newerId, "curious");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  /** EVENT as a producer with {@code newer} writes it, its new field set. */
  private static byte[] written(Schema newer, int id, String mood) throws IOException {
    byte[] current = AvroSerde.of(VisitorEvent.class).serialize("t", EVENT);
    return NewerProducer.rewrite(current, VisitorEvent.getClassSchema(), newer, id, Map.of("mood", mood));
  }

  private static AvroSerde<VisitorEvent> serdeAsking(Duration wait) {
    return AvroSerde.of(VisitorEvent.class, SchemaCatalogue.get(), Optional.of(
        new RegistrySchemas(SchemaRegistrySettings.of(registry.url()), Duration.ofMillis(500), wait)));
  }

  @Test
  void aSchemaIdOnlyTheRegistryHoldsIsReadWithBatonsSchema() {
    assertEquals(SchemaCatalogue.get().nextId(), newerId); // not in the catalogue: the registry gave the next id

    assertEquals(EVENT, serdeAsking(Duration.ofSeconds(2)).deserialize("visitor.events", newerRecord));
  }

  @Test
  void withoutARegistryTheSameRecordIsRefusedWithTheReason() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> AvroSerde.of(VisitorEvent.class, SchemaCatalogue.get()).deserialize("visitor.events", newerRecord));
    assertEquals("unknown schema id " + newerId + " on visitor.events (not in the catalogue, and no schema registry"
        + " is configured: BATON_SCHEMA_REGISTRY_URL)", e.getMessage());
  }

  @Test
  void anIdTheRegistryDoesNotHoldEitherIsRefusedWithTheReason() {
    byte[] unknown = newerRecord.clone();
    ByteBuffer.wrap(unknown).putInt(1, 999);
    SerializationException e = assertThrows(SerializationException.class,
        () -> serdeAsking(Duration.ofSeconds(2)).deserialize("visitor.events", unknown));
    assertEquals("unknown schema id 999 on visitor.events (neither in the catalogue nor in the schema registry "
        + registry.url() + ")", e.getMessage());
  }

  @Test
  void aRegistryThatIsDownIsRetriableNotAnUnreadableRecordAndTheRecordIsReadOnceItIsBack() {
    AvroSerde<VisitorEvent> serde = serdeAsking(Duration.ofMillis(300));
    registry.stop();
    try {
      long start = System.nanoTime();
      SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
          () -> serde.deserialize("visitor.events", newerRecord));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000, "the wait is bounded");
      assertTrue(e.getMessage().startsWith("schema registry " + registry.url() + " did not answer GET /schemas/ids/"
          + newerId), e.getMessage());
    } finally {
      registry.restart();
    }
    assertEquals(EVENT, serde.deserialize("visitor.events", newerRecord));
  }
}
