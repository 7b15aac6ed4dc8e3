package io.baton.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * What a Confluent schema registry holds and the rules it applies, per its REST API reference: schemas by global id,
 * subjects with numbered versions, modes (READWRITE, READONLY, IMPORT; global and per subject), BACKWARD compatibility
 * against the latest version, and import mode's rules (it may only be set on an empty registry or subject unless
 * forced; registering with an explicit id needs it; an id never changes its schema). Errors carry the API's codes.
 */
final class RegistrySchemaStore {
  /** An error reply of the API: HTTP status and Confluent's {@code error_code}. */
  static final class RegistryError extends RuntimeException {
    final int status;
    final int code;

    RegistryError(int status, int code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  record Version(String subject, int version, int id, String schema) {}

  static final List<String> MODES = List.of("READWRITE", "READONLY", "IMPORT");

  private final Map<Integer, String> schemasById = new TreeMap<>();
  private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
  private final Map<String, String> subjectModes = new TreeMap<>();
  private String globalMode = "READWRITE";

  synchronized String schemaById(int id) {
    String schema = schemasById.get(id);
    if (schema == null) {
      throw new RegistryError(404, 40403, "Schema " + id + " not found");
    }
    return schema;
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  synchronized List<Integer> versions(String subject) {
    return List.copyOf(versionsOf(subject).keySet());
  }

  synchronized Version version(String subject, String version) {
    TreeMap<Integer, Version> versions = versionsOf(subject);
    if (version.equals("latest")) {
      return versions.lastEntry().getValue();
    }
    Version v;
    try {
      v = versions.get(Integer.parseInt(version));
    } catch (NumberFormatException e) {
      throw new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid version id. Allowed"
          + " values are between [1, 2^31-1] and the string \"latest\"");
    }
    if (v == null) {
      throw new RegistryError(404, 40402, "Version " + version + " not found.");
    }
    return v;
  }

  synchronized String mode(String subject, boolean defaultToGlobal) {
    if (subject == null) {
      return globalMode;
    }
    String mode = subjectModes.get(subject);
    if (mode == null && !defaultToGlobal) {
      throw new RegistryError(404, 40409, "Subject '" + subject + "' does not have subject-level mode configured");
    }
    return mode == null ? globalMode : mode;
  }

  synchronized String setMode(String subject, String mode, boolean force) {
    if (mode == null || !MODES.contains(mode)) {
      throw new RegistryError(422, 42204, "Invalid mode. Valid values are READWRITE, READONLY, IMPORT.");
    }
    boolean empty = subject == null ? schemasById.isEmpty() : !subjects.containsKey(subject);
    if (mode.equals("IMPORT") && !empty && !force) {
      throw new RegistryError(422, 42205, "Cannot import since found existing subjects");
    }
    if (subject == null) {
      globalMode = mode;
    } else {
      subjectModes.put(subject, mode);
    }
    return mode;
  }

  synchronized void deleteMode(String subject) {
    if (subjectModes.remove(subject) == null) {
      throw new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }
  }

  /** POST /subjects/{subject}/versions: the id the schema is registered under. */
  synchronized int register(String subject, String schemaText, String schemaType, Integer id, Integer version) {
    if (schemaType != null && !schemaType.equals("AVRO")) {
      throw new RegistryError(422, 42201, "Invalid schema: this registry holds AVRO schemas only, not " + schemaType);
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | NullPointerException e) {
      throw new RegistryError(422, 42201, "Invalid schema " + schemaText + ": " + e.getMessage());
    }
    String canonical = schema.toString();
    String mode = mode(subject, true);
    if (mode.equals("READONLY")) {
      throw new RegistryError(422, 42205, "Subject " + subject + " is in read-only mode");
    }
    TreeMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
    if (!mode.equals("IMPORT")) {
      if (id != null || version != null) {
        throw new RegistryError(422, 42205, "Subject " + subject + " is not in import mode");
      }
      Optional<Version> same = versions.values().stream().filter(v -> v.schema().equals(canonical)).findFirst();
      if (same.isPresent()) {
        return same.get().id();
      }
      checkBackward(subject, schema, versions);
      int newId = idOf(canonical).orElseGet(() -> schemasById.keySet().stream().mapToInt(i -> i).max().orElse(0) + 1);
      add(subject, versions.isEmpty() ? 1 : versions.lastKey() + 1, newId, canonical);
      return newId;
    }
    if (id == null) {
      throw new RegistryError(422, 42205, "Subject " + subject + " is in import mode: a schema id is required");
    }
    String held = schemasById.get(id);
    if (held != null && !held.equals(canonical)) {
      throw new RegistryError(422, 42205, "Overwrite new schema with id " + id + " is not permitted.");
    }
    int newVersion = version != null ? version : versions.isEmpty() ? 1 : versions.lastKey() + 1;
    Version existing = versions.get(newVersion);
    if (existing != null) {
      if (existing.id() == id) {
        return id;
      }
      throw new RegistryError(422, 42205, "Overwrite new schema with version " + newVersion + " is not permitted.");
    }
    add(subject, newVersion, id, canonical);
    return id;
  }

  private void add(String subject, int version, int id, String canonical) {
    schemasById.put(id, canonical);
    subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, new Version(subject, version, id, canonical));
  }

  private Optional<Integer> idOf(String canonical) {
    return schemasById.entrySet().stream().filter(e -> e.getValue().equals(canonical)).map(Map.Entry::getKey)
        .findFirst();
  }

  /** BACKWARD, the registry's default: the new schema must read what the latest version wrote. */
  private static void checkBackward(String subject, Schema schema, TreeMap<Integer, Version> versions) {
    if (versions.isEmpty()) {
      return;
    }
    Schema latest = new Schema.Parser().parse(versions.lastEntry().getValue().schema());
    var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
    if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      List<String> details = new ArrayList<>();
      result.getResult().getIncompatibilities().forEach(i -> details.add(i.getType() + " at " + i.getLocation()));
      throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
          + subject + "\", details: " + details);
    }
  }

  private TreeMap<Integer, Version> versionsOf(String subject) {
    TreeMap<Integer, Version> versions = subjects.get(subject);
    if (versions == null) {
      throw new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }
    return versions;
  }

  /** For a test's assertions: subject to its versions' ids, in version order. */
  synchronized Map<String, List<Integer>> idsBySubject() {
    Map<String, List<Integer>> ids = new LinkedHashMap<>();
    subjects.forEach((s, versions) -> ids.put(s, versions.values().stream().map(Version::id).toList()));
    return ids;
  }
}
