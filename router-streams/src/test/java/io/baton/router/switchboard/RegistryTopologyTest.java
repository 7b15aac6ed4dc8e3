package io.baton.router.switchboard;

import io.baton.testkit.NewerProducer;
import static io.baton.router.switchboard.SwitchboardDriver.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.Controller;
import io.baton.events.ConversationInput;
import io.baton.events.ConversationStatus;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import io.baton.schemas.registry.CatalogueImport;
import io.baton.schemas.registry.RegistrySchemas;
import io.baton.schemas.registry.SchemaRegistrySettings;
import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.testkit.ConfluentRegistry;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router reads an input a newer ingress wrote, its schema id in the registry only; a registry outage is no dead
 * letter.
 */
class RegistryTopologyTest {
  private static ConfluentRegistry registry;
  private final SwitchboardDriver d = new SwitchboardDriver();

  @BeforeAll
  static void aRegistryHoldingTheCatalogue() {
    registry = ConfluentRegistry.start();
    CatalogueImport.ofBaton(SchemaRegistrySettings.of(registry.url()), new PrintStream(new ByteArrayOutputStream()))
        .run();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @AfterEach
  void close() {
    RegistrySchemas.use((RegistrySchemas) null);
    d.close();
  }

  /** A visitor message as an ingress whose ConversationInput has one more field writes it. */
  private static byte[] fromANewerIngress(String newField, String text) throws IOException {
    Schema current = ConversationInput.getClassSchema();
    String json = current.toString();
    Schema newer = new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + ",{\"name\":\"" + newField
        + "\",\"type\":\"string\",\"default\":\"\"}]}");
    int id = registry.register(Topics.CONVERSATION_INPUTS.name() + "-value", newer.toString());
    byte[] bytes = Topics.CONVERSATION_INPUTS.valueSerde().serializer().serialize("t",
        ConversationInputs.of(VisitorEvent
            .newBuilder().setEventId("v1").setOccurredAt(Instant.parse("2026-01-01T00:00:00Z")).setTenant("acme")
            .setConversationId("c-1").setContext(VisitorContext.newBuilder().setName("Ada").build())
            .setBody(VisitorMessage.newBuilder().setText(text).build()).build()));
    return NewerProducer.rewrite(bytes, current, newer, id, java.util.Map.of(newField, "set by the newer ingress"));
  }

  private TestInputTopic<String, byte[]> raw() {
    return d.driver.createInputTopic(Topics.CONVERSATION_INPUTS.name(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
  }

  private List<byte[]> deadLetters() {
    return d.driver.createOutputTopic(Topics.deadLetters(Topics.CONVERSATION_INPUTS.name()).name(),
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readValuesToList();
  }

  private static RegistrySchemas asking(Duration wait) {
    return new RegistrySchemas(SchemaRegistrySettings.of(registry.url()), Duration.ofMillis(500), wait);
  }

  @Test
  void anInputWithARegistryOnlySchemaIdIsRoutedLikeAnyOther() throws IOException {
    byte[] newer = fromANewerIngress("locale", "hello from the new ingress");
    RegistrySchemas.use(asking(Duration.ofSeconds(2)));

    raw().pipeInput(KEY, newer);

    assertEquals(List.of(new Logged(1, "v1", Controller.bot, ConversationStatus.bot,
        new VisitorMessage("hello from the new ingress", List.of()))), d.logged());
    assertEquals(List.of(), deadLetters());
  }

  @Test
  void whileTheRegistryIsDownTheInputFailsTheThreadInsteadOfBeingDeadLettered() throws IOException {
    byte[] newer = fromANewerIngress("channelHint", "sent during the outage");
    RegistrySchemas.use(asking(Duration.ofMillis(200)));
    registry.stop();
    try {
      StreamsException e = assertThrows(StreamsException.class, () -> raw().pipeInput(KEY, newer));
      assertTrue(SchemaRegistryUnavailableException.isCauseOf(e), e.toString());
    } finally {
      registry.restart();
    }
    assertEquals(List.of(), deadLetters());
    assertEquals(List.of(), d.logged());
  }
}
