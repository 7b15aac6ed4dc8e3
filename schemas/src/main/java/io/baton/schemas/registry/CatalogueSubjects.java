package io.baton.schemas.registry;

import io.baton.schemas.AvroSerde;
import io.baton.schemas.SchemaCatalogue;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each catalogue schema goes in a registry: under {@code <topic>-value} for every topic whose values are that
 * record (Confluent's TopicNameStrategy, what Kafka UI and kcat look up; keys are plain strings, so no {@code -key}
 * subjects), and under the record's full name (RecordNameStrategy), which also holds the record types that are no
 * topic's value (a union member's own versions). Each version keeps its catalogue version and id.
 */
final class CatalogueSubjects {
  record Registration(String subject, int version, SchemaCatalogue.Entry entry) {}

  private CatalogueSubjects() {}

  /** Subject by subject, each in version order. */
  static Map<String, List<Registration>> of(SchemaCatalogue catalogue, List<TopicSpec<?, ?>> topics) {
    Map<String, List<Registration>> subjects = new LinkedHashMap<>();
    for (TopicSpec<?, ?> topic : topics) {
      if (topic.valueSerde() instanceof AvroSerde<?> serde) {
        String record = catalogue.byId(serde.schemaId()).orElseThrow().recordName();
        add(subjects, topic.name() + "-value", catalogue.versionsOf(record));
      }
    }
    catalogue.entries().stream().map(SchemaCatalogue.Entry::recordName).distinct()
        .forEach(record -> add(subjects, record, catalogue.versionsOf(record)));
    return subjects;
  }

  static Map<String, List<Registration>> ofBaton() {
    return of(SchemaCatalogue.get(), Topics.all());
  }

  private static void add(Map<String, List<Registration>> subjects, String subject,
      List<SchemaCatalogue.Entry> versions) {
    List<Registration> registrations = new ArrayList<>();
    versions.forEach(v -> registrations.add(new Registration(subject, v.version(), v)));
    subjects.put(subject, registrations);
  }
}
