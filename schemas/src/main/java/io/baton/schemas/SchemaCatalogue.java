package io.baton.schemas;

import io.baton.events.AgentEvent;
import io.baton.events.BotEvent;
import io.baton.events.BotWebhook;
import io.baton.events.Connection;
import io.baton.events.ConnectorCommand;
import io.baton.events.ConnectorPresence;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.ConversationState;
import io.baton.events.HandoverFacts;
import io.baton.events.HandoverRequested;
import io.baton.events.IdempotentRequest;
import io.baton.events.PlatformLink;
import io.baton.events.PlatformRef;
import io.baton.events.SegmentUserTraits;
import io.baton.events.TokenClaim;
import io.baton.events.VisitorEvent;
import io.baton.events.WebhookTally;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every schema version ever released, with the id it keeps forever (the 4-byte id of the Confluent wire format).
 * Held in the repo under {@code io/baton/schemas/catalogue/}: {@code index.tsv} lists
 * {@code id, record full name, version, file}; each file is the schema as released.
 */
public final class SchemaCatalogue {
  public static final String RESOURCE_DIR = "/io/baton/schemas/catalogue/";

  /** The records that are topic values; each must have its current schema released in the catalogue. */
  public static final List<Class<? extends SpecificRecord>> TOPIC_VALUE_TYPES = List.of(
      HandoverRequested.class, VisitorEvent.class, BotEvent.class, ConnectorCommand.class, AgentEvent.class,
      ConversationEvent.class, ConversationState.class, Connection.class, PlatformLink.class,
      BotWebhook.class, PlatformRef.class, ConversationInput.class, TokenClaim.class, ConnectorPresence.class,
      HandoverFacts.class, IdempotentRequest.class, SegmentUserTraits.class, WebhookTally.class);

  private static final SchemaCatalogue DEFAULT = load();

  private final List<Entry> entries;
  private final Map<Integer, Entry> byId = new HashMap<>();
  private final Map<Long, Entry> byFingerprint = new HashMap<>();

  public record Entry(int id, String recordName, int version, Schema schema) {}

  SchemaCatalogue(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : entries) {
      if (byId.put(e.id(), e) != null) {
        throw new IllegalStateException("schema id " + e.id() + " is used twice in the catalogue");
      }
      byFingerprint.putIfAbsent(SchemaNormalization.parsingFingerprint64(e.schema()), e);
    }
  }

  public static SchemaCatalogue get() {
    return DEFAULT;
  }

  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  public Optional<Entry> byId(int id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The released entry with exactly this schema (compared in Avro's parsing canonical form). */
  public Optional<Entry> find(Schema schema) {
    return Optional.ofNullable(byFingerprint.get(SchemaNormalization.parsingFingerprint64(schema)));
  }

  public List<Entry> versionsOf(String recordName) {
    return entries.stream().filter(e -> e.recordName().equals(recordName)).toList();
  }

  public int nextId() {
    return entries.stream().mapToInt(Entry::id).max().orElse(0) + 1;
  }

  /** The incompatibilities that stop {@code current} from reading data written with a released version. */
  public List<String> incompatibilities(Schema current) {
    List<String> problems = new ArrayList<>();
    for (Entry old : versionsOf(current.getFullName())) {
      var result = org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(current, old.schema());
      if (result.getType() != org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        result.getResult().getIncompatibilities().forEach(i -> problems.add(current.getName() + " cannot read v"
            + old.version() + " (id " + old.id() + "): " + i.getType() + " at " + i.getLocation() + ": "
            + i.getMessage()));
      }
    }
    return problems;
  }

  static SchemaCatalogue load() {
    List<Entry> entries = new ArrayList<>();
    try (InputStream index = SchemaCatalogue.class.getResourceAsStream(RESOURCE_DIR + "index.tsv")) {
      if (index == null) {
        throw new IllegalStateException("schema catalogue index missing from the classpath");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        try (InputStream file = SchemaCatalogue.class.getResourceAsStream(RESOURCE_DIR + f[3])) {
          if (file == null) {
            throw new IllegalStateException("schema catalogue file missing: " + f[3]);
          }
          Schema schema = new Schema.Parser().parse(new String(file.readAllBytes(), StandardCharsets.UTF_8));
          entries.add(new Entry(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), schema));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SchemaCatalogue(entries);
  }
}
