package io.baton.bench.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * One run's results: the machine, the settings that matter for latency, then tables. Written as a markdown file and
 * a JSON file with the same content, named after the scenario and the start time.
 */
final class Report {
  private final String scenario;
  private final Instant started = Instant.now();
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final StringBuilder md = new StringBuilder();

  Report(String scenario, String command) {
    this.scenario = scenario;
    json.put("scenario", scenario);
    json.put("started", started.toString());
    json.put("command", command);
    json.put("machine", machine());
    md.append("## ").append(scenario).append(" (").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME
        .format(started.atOffset(ZoneOffset.UTC).withNano(0))).append(" UTC)\n\n");
    md.append("`").append(command).append("`\n\n");
    Map<String, Object> m = machine();
    md.append(String.format("Machine: %s cores, %s MB RAM, max heap %s MB, Java %s, Kafka %s; %s.%n%n",
        m.get("cores"), m.get("memory_mb"), m.get("max_heap_mb"), m.get("java"), m.get("kafka"),
        scenario.equals("soak") ? "each service instance in a JVM of its own, the broker, the sandbox and the load "
            + "generator in this one"
            : scenario.equals("scale") ? "the measured service in a JVM of its own, the rest of Baton and the load "
                + "generator in this one"
            : "broker, services and load generator in one JVM"));
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    long total = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize() >> 20;
    }
    m.put("memory_mb", total);
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("java", System.getProperty("java.runtime.version"));
    m.put("kafka", AppInfoParser.getVersion());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return m;
  }

  /** A table: a markdown table under a heading, and the same rows in the JSON under {@code key}. */
  void table(String key, String title, List<String> headers, List<List<String>> rows, Object data) {
    md.append("### ").append(title).append("\n\n| ").append(String.join(" | ", headers)).append(" |\n|");
    headers.forEach(h -> md.append("---|"));
    md.append('\n');
    for (List<String> row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    md.append('\n');
    json.put(key, data);
  }

  void put(String key, Object data) {
    json.put(key, data);
  }

  void note(String text) {
    md.append(text).append("\n\n");
    @SuppressWarnings("unchecked")
    List<String> notes = (List<String>) json.computeIfAbsent("notes", k -> new ArrayList<String>());
    notes.add(text);
  }

  String markdown() {
    return md.toString();
  }

  /** Writes {@code <scenario>-<time>.md} and {@code .json} under {@code dir}; returns the markdown file. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    json.put("finished", Instant.now().toString());
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(started.atOffset(ZoneOffset.UTC));
    Path mdFile = dir.resolve(scenario + "-" + stamp + ".md");
    Files.writeString(mdFile, md.toString());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(scenario + "-" + stamp + ".json").toFile(), json);
    return mdFile;
  }
}
