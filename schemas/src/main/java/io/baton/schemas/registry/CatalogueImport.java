package io.baton.schemas.registry;

import io.baton.schemas.SchemaCatalogue;
import io.baton.schemas.registry.CatalogueSubjects.Registration;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Registers the whole catalogue in a Confluent-API registry with the catalogue's ids, through the registry's import
 * mode. Everything is checked before anything is written: an id the registry holds with another schema, or a subject
 * version with another id, refuses the whole import and changes nothing. What the registry holds already is left
 * alone, so a second run writes nothing. Import mode is set per subject written (not globally: the registry may
 * serve other applications meanwhile), and set back to READWRITE after, whatever happened.
 */
public final class CatalogueImport {
  private final RegistryHttp http;
  private final Map<String, List<Registration>> subjects;
  private final PrintStream out;

  /** What an import did. */
  public record Outcome(int registered, List<String> conflicts) {
    public boolean refused() {
      return !conflicts.isEmpty();
    }
  }

  CatalogueImport(SchemaRegistrySettings registry, Map<String, List<Registration>> subjects, PrintStream out) {
    this.http = new RegistryHttp(registry, Duration.ofSeconds(10));
    this.subjects = subjects;
    this.out = out;
  }

  public static CatalogueImport ofBaton(SchemaRegistrySettings registry, PrintStream out) {
    return new CatalogueImport(registry, CatalogueSubjects.ofBaton(), out);
  }

  public Outcome run() {
    List<String> conflicts = new ArrayList<>();
    Map<String, List<Registration>> missing = new LinkedHashMap<>();
    Map<Integer, Boolean> checkedIds = new LinkedHashMap<>();
    for (var subject : subjects.entrySet()) {
      Map<Integer, Integer> held = versionsHeld(subject.getKey());
      for (Registration r : subject.getValue()) {
        checkedIds.computeIfAbsent(r.entry().id(), id -> checkId(r.entry(), conflicts));
        Integer heldId = held.get(r.version());
        if (heldId == null) {
          missing.computeIfAbsent(subject.getKey(), s -> new ArrayList<>()).add(r);
        } else if (heldId != r.entry().id()) {
          conflicts.add("subject " + r.subject() + " version " + r.version() + " holds schema id " + heldId
              + ", the catalogue's is " + r.entry().id());
        }
      }
    }
    if (!conflicts.isEmpty()) {
      conflicts.forEach(c -> out.println("conflict: " + c));
      out.println("refused: the registry at " + http.settings().url() + " holds other schemas under the catalogue's"
          + " ids; nothing was changed");
      return new Outcome(0, List.copyOf(conflicts));
    }
    if (missing.isEmpty()) {
      out.println("the registry at " + http.settings().url() + " already holds the whole catalogue ("
          + checkedIds.size() + " schemas under " + subjects.size() + " subjects): nothing changed");
      return new Outcome(0, List.of());
    }
    int registered = 0;
    for (var subject : missing.entrySet()) {
      registered += importInto(subject.getKey(), subject.getValue(), !subjects.get(subject.getKey()).equals(
          subject.getValue()));
    }
    out.println("registered " + registered + " subject versions of " + checkedIds.size() + " schemas at "
        + http.settings().url() + " (" + missing.size() + " of " + subjects.size() + " subjects changed)");
    return new Outcome(registered, List.of());
  }

  private int importInto(String subject, List<Registration> versions, boolean subjectHasVersions) {
    String path = "/mode/" + RegistryPaths.segment(subject);
    // An import into a subject that holds versions needs force (ours were checked to agree with the catalogue).
    expectOk(http.put(path + (subjectHasVersions ? "?force=true" : ""), Map.of("mode", "IMPORT")), "PUT " + path);
    try {
      for (Registration r : versions) {
        String versionsPath = "/subjects/" + RegistryPaths.segment(subject) + "/versions";
        RegistryHttp.Reply reply = http.post(versionsPath, Map.of("schema", r.entry().schema().toString(),
            "schemaType", "AVRO", "id", r.entry().id(), "version", r.version()));
        expectOk(reply, "POST " + versionsPath + " (id " + r.entry().id() + ")");
        out.println("registered " + subject + " v" + r.version() + " as schema id " + r.entry().id());
      }
    } finally {
      expectOk(http.put(path, Map.of("mode", "READWRITE")), "PUT " + path);
    }
    return versions.size();
  }

  /** Version to id, as the registry holds the subject now (none: a subject it does not know). */
  private Map<Integer, Integer> versionsHeld(String subject) {
    String path = "/subjects/" + RegistryPaths.segment(subject) + "/versions";
    RegistryHttp.Reply reply = http.get(path);
    Map<Integer, Integer> held = new LinkedHashMap<>();
    if (reply.status() == 404 && reply.errorCode() == 40401) {
      return held;
    }
    expectOk(reply, "GET " + path);
    for (var v : reply.body()) {
      RegistryHttp.Reply version = http.get(path + "/" + v.asInt());
      expectOk(version, "GET " + path + "/" + v.asInt());
      held.put(v.asInt(), version.body().path("id").asInt());
    }
    return held;
  }

  /** True when the registry holds the id with the catalogue's schema or not at all; a conflict otherwise. */
  private boolean checkId(SchemaCatalogue.Entry entry, List<String> conflicts) {
    RegistryHttp.Reply reply = http.get("/schemas/ids/" + entry.id());
    if (reply.status() == 404 && reply.errorCode() == 40403) {
      return true;
    }
    expectOk(reply, "GET /schemas/ids/" + entry.id());
    Schema held = new Schema.Parser().parse(reply.body().path("schema").asText());
    if (fingerprint(held).equals(fingerprint(entry.schema()))) {
      return true;
    }
    conflicts.add("schema id " + entry.id() + " holds " + held.getFullName() + " with fingerprint " + fingerprint(held)
        + ", the catalogue's " + entry.recordName() + " v" + entry.version() + " has fingerprint "
        + fingerprint(entry.schema()));
    return false;
  }

  /** Avro's 64-bit parsing fingerprint (CRC-64-AVRO of the parsing canonical form), as the catalogue compares. */
  static String fingerprint(Schema schema) {
    return String.format("%016x", SchemaNormalization.parsingFingerprint64(schema));
  }

  private void expectOk(RegistryHttp.Reply reply, String what) {
    if (!reply.ok()) {
      throw new IllegalStateException("the registry refused " + what + ": " + reply.status() + " error_code "
          + reply.errorCode() + " (" + reply.message() + ")");
    }
  }
}
