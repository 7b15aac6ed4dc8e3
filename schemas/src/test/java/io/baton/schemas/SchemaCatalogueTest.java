package io.baton.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.VisitorEvent;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The build's guard on the event contract: it fails here when a schema change would break released data. */
class SchemaCatalogueTest {
  private final SchemaCatalogue catalogue = SchemaCatalogue.get();

  @Test
  void everyTopicValueHasItsCurrentSchemaReleased() {
    for (Class<? extends SpecificRecord> type : SchemaCatalogue.TOPIC_VALUE_TYPES) {
      Schema current = SpecificData.get().getSchema(type);
      assertTrue(catalogue.find(current).isPresent(), () -> type.getSimpleName()
          + " changed but is not released: run the catalogue release described in schemas/README.md");
    }
  }

  @Test
  void everyCurrentSchemaReadsEveryReleasedVersion() {
    for (Class<? extends SpecificRecord> type : SchemaCatalogue.TOPIC_VALUE_TYPES) {
      List<String> problems = catalogue.incompatibilities(SpecificData.get().getSchema(type));
      assertEquals(List.of(), problems, type.getSimpleName() + " is not backward compatible");
    }
  }

  @Test
  void releasedIdsAreUniqueAndVersionsCountUpWithoutGaps() {
    assertEquals(catalogue.entries().size(),
        catalogue.entries().stream().map(SchemaCatalogue.Entry::id).distinct().count());
    catalogue.entries().stream().map(SchemaCatalogue.Entry::recordName).distinct().forEach(name -> {
      List<Integer> versions = catalogue.versionsOf(name).stream().map(SchemaCatalogue.Entry::version).toList();
      for (int i = 0; i < versions.size(); i++) {
        assertEquals(i + 1, versions.get(i), name + " versions");
      }
    });
  }

  @Test
  void aNewFieldWithoutDefaultIsCaughtAsIncompatible() {
    Schema released = SpecificData.get().getSchema(VisitorEvent.class);
    SchemaCatalogue withV1 =
        new SchemaCatalogue(List.of(new SchemaCatalogue.Entry(1, released.getFullName(), 1, released)));
    Schema broken = SchemaBuilder.record("VisitorEvent").namespace("io.baton.events").fields()
        .requiredString("eventId").requiredString("mustHaveAValue").endRecord();

    List<String> problems = withV1.incompatibilities(broken);

    assertFalse(problems.isEmpty());
    assertTrue(problems.get(0).contains("mustHaveAValue"), problems.toString());
  }
}
