package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard in the repository, read as Grafana reads it: the metric names its queries use. */
final class GrafanaDashboard {
  /** Series names of Baton's meters, the Kafka binders' and the JVM's (PromQL functions and labels are not). */
  private static final Pattern METRIC = Pattern.compile("\\b(?:baton|kafka|jvm|process|system)_[a-zA-Z0-9_]+\\b");

  private GrafanaDashboard() {}

  /** Every metric name in a target's {@code expr}; fails when the file is not JSON or has no queries at all. */
  static Set<String> metricNames(Path dashboard) throws IOException {
    JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
    Set<String> names = new TreeSet<>();
    for (JsonNode expr : root.findValues("expr")) {
      Matcher m = METRIC.matcher(expr.asText());
      while (m.find()) {
        names.add(m.group());
      }
    }
    if (names.isEmpty()) {
      throw new AssertionError(dashboard + " queries no metric");
    }
    return names;
  }
}
