package io.baton.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of an operations port's {@code /metrics}, read as Prometheus text: series, their labels and values. */
final class MetricsScrape {
  private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Series(String name, Map<String, String> labels, double value) {}

  private final List<Series> series = new ArrayList<>();

  MetricsScrape(String text) {
    for (String line : text.split("\n")) {
      Matcher m = SERIES.matcher(line.trim());
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
  }

  static MetricsScrape of(String baseUrl) {
    HttpResponse<String> r;
    try {
      r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("cannot scrape " + baseUrl, e);
    }
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /metrics answered " + r.statusCode());
    }
    return new MetricsScrape(r.body());
  }

  /** The sum of every series of {@code name} whose labels include {@code labels} (0 when none). */
  double sum(String name, Map<String, String> labels) {
    return matching(name, labels).stream().mapToDouble(Series::value).sum();
  }

  List<Series> matching(String name, Map<String, String> labels) {
    return series.stream().filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
  }

  Set<String> names() {
    Set<String> names = new TreeSet<>();
    series.forEach(s -> names.add(s.name()));
    return names;
  }
}
