package io.baton.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Releases the current schema of every topic value into the catalogue: a changed schema gets the next version and
 * the next id; an incompatible one is refused. Run it after changing {@code baton.avdl} (see schemas/README.md).
 */
public final class CatalogueRelease {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/io/baton/schemas/catalogue");
    SchemaCatalogue catalogue = Files.exists(dir.resolve("index.tsv"))
        ? SchemaCatalogue.load() : new SchemaCatalogue(List.of());
    int nextId = catalogue.nextId();
    for (Class<? extends SpecificRecord> type : SchemaCatalogue.TOPIC_VALUE_TYPES) {
      Schema current = SpecificData.get().getSchema(type);
      if (catalogue.find(current).isPresent()) {
        continue;
      }
      List<SchemaCatalogue.Entry> versions = catalogue.versionsOf(current.getFullName());
      List<String> problems = catalogue.incompatibilities(current);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("not released, incompatible change: " + problems);
      }
      int version = versions.size() + 1;
      String file = type.getSimpleName() + ".v" + version + ".avsc";
      Files.writeString(dir.resolve(file), current.toString(true) + "\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("index.tsv"),
          nextId + "\t" + current.getFullName() + "\t" + version + "\t" + file + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.out.println("released " + current.getFullName() + " v" + version + " as schema id " + nextId);
      nextId++;
    }
  }
}
