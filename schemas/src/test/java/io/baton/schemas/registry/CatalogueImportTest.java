package io.baton.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.schemas.SchemaCatalogue;
import io.baton.testkit.ConfluentRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CatalogueImportTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private CatalogueImport importInto(ConfluentRegistry registry) {
    return CatalogueImport.ofBaton(SchemaRegistrySettings.of(registry.url()),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFreshRegistryGetsEveryCatalogueSchemaWithItsIdUnderTopicAndRecordSubjectsAndIsLeftReadWrite() {
    try (ConfluentRegistry registry = ConfluentRegistry.start()) {
      var outcome = importInto(registry).run();

      Map<String, List<Integer>> subjects = registry.idsBySubject();
      int expectedRegistrations = CatalogueSubjects.ofBaton().values().stream().mapToInt(List::size).sum();
      assertEquals(expectedRegistrations, outcome.registered());
      assertEquals(List.of(6, 22), subjects.get("conversation.events.v2-value"));
      assertEquals(List.of(16, 19, 23, 29, 32), subjects.get("conversation.inputs.v1-value"));
      assertEquals(List.of(4, 11, 14, 18, 21, 28, 31), subjects.get("connector.dixa.commands.v2-value"));
      assertEquals(List.of(4, 11, 14, 18, 21, 28, 31), subjects.get("io.baton.events.ConnectorCommand"));
      assertEquals(List.of(2), subjects.get("io.baton.events.VisitorEvent")); // a union member, no topic's value
      assertFalse(subjects.keySet().stream().anyMatch(s -> s.endsWith("-key") || s.contains(".dlq")),
          "keys are strings");
      assertEquals("READWRITE", registry.mode());
      var asked = new RegistrySchemas(SchemaRegistrySettings.of(registry.url()), Duration.ofSeconds(1), Duration.ZERO);
      for (SchemaCatalogue.Entry e : SchemaCatalogue.get().entries()) {
        Schema held = asked.byId(e.id()).orElseThrow();
        assertEquals(CatalogueImport.fingerprint(e.schema()), CatalogueImport.fingerprint(held), "id " + e.id());
      }
      assertTrue(printed().endsWith("registered " + expectedRegistrations + " subject versions of "
          + SchemaCatalogue.get().entries().size() + " schemas at " + registry.url() + " (" + subjects.size() + " of "
          + subjects.size() + " subjects changed)\n"), printed());
    }
  }

  @Test
  void aSecondImportChangesNothingAndSaysSo() {
    try (ConfluentRegistry registry = ConfluentRegistry.start()) {
      importInto(registry).run();
      Map<String, List<Integer>> before = registry.idsBySubject();
      printed.reset();

      var outcome = importInto(registry).run();

      assertEquals(0, outcome.registered());
      assertFalse(outcome.refused());
      assertEquals(before, registry.idsBySubject());
      assertEquals("the registry at " + registry.url() + " already holds the whole catalogue ("
          + SchemaCatalogue.get().entries().size() + " schemas under " + before.size()
          + " subjects): nothing changed\n",
          printed());
    }
  }

  @Test
  void aRegistryHoldingAnotherSchemaUnderACatalogueIdIsRefusedLoudlyAndLeftAsItWas() {
    try (ConfluentRegistry registry = ConfluentRegistry.start()) {
      String theirs = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"total\","
          + "\"type\":\"long\"}]}";
      assertEquals(1, registry.register("orders-value", theirs)); // someone else's first schema took id 1
      SchemaCatalogue.Entry ours = SchemaCatalogue.get().byId(1).orElseThrow();

      var outcome = importInto(registry).run();

      String conflict = "schema id 1 holds shop.Order with fingerprint "
          + CatalogueImport.fingerprint(new Schema.Parser().parse(theirs)) + ", the catalogue's "
          + "io.baton.events.HandoverRequested v1 has fingerprint " + CatalogueImport.fingerprint(ours.schema());
      assertEquals(List.of(conflict), outcome.conflicts());
      assertEquals("conflict: " + conflict + "\nrefused: the registry at " + registry.url()
          + " holds other schemas under the catalogue's ids; nothing was changed\n", printed());
      assertEquals(Map.of("orders-value", List.of(1)), registry.idsBySubject());
      assertEquals("READWRITE", registry.mode());
      assertEquals(1, RegistryCommand.run(new String[] {"import", registry.url()}, Map.of()), "a non-zero exit");
    }
  }

  @Test
  void aRegistryWithBasicAuthIsImportedIntoWithTheUserInfoAndRefusesTheCommandWithout() {
    try (ConfluentRegistry registry = ConfluentRegistry.start("baton:s3cret")) {
      assertEquals(3, RegistryCommand.run(new String[] {"import", registry.url()}, Map.of()));
      assertEquals(Map.of(), registry.idsBySubject());

      assertEquals(0, RegistryCommand.run(new String[] {"import", registry.url()}, Map.of(
          SchemaRegistrySettings.CREDENTIALS_SOURCE, "USER_INFO", SchemaRegistrySettings.USER_INFO, "baton:s3cret")));
      assertEquals(List.of(6, 22), registry.idsBySubject().get("conversation.events.v2-value"));
    }
  }
}
