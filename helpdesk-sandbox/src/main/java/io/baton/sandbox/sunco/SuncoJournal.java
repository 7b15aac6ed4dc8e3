package io.baton.sandbox.sunco;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every SunCo API request the simulator received, as it went over the wire, so that tests (the connector's too) can
 * check each one against the spec with {@code kit.OpenApiContract}. Webhooks sent are in
 * {@link SuncoSimulator#deliveries()}.
 */
public final class SuncoJournal {
  /**
   * One request.
   *
   * @param path   the path under SunCo's server URL ({@code /v2/apps/...}), as the spec's paths are written
   * @param query  the query parameters as sent ({@code filter[userId]} and the like)
   * @param body   the raw body ("" when none)
   * @param status the status answered
   * @param answer the body answered
   */
  public record Request(String operation, String method, String path, Map<String, List<String>> query, String body,
      int status, String answer) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();

  void add(Request request) {
    requests.add(request);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clear() {
    requests.clear();
  }
}
