package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Requests that fail in the ways that could echo what they carry (a credential in the wrong place, a secret in a
 * malformed, oversized or invalid body or in a header), each answered with its exact status; the answers are recorded
 * for {@link SecretLeakSearch}.
 */
final class HostileRequests {
  private HostileRequests() {}

  static void send(TestClient client, SecretLeakSearch leaks, String adminKey, String tenant, String connectionId,
      List<String> secrets) {
    String[] admin = {"Authorization", "Bearer " + adminKey, "X-Baton-Tenant", tenant};
    for (String s : secrets) {
      expect(401, leaks, client.get("/v1/conversations/c1", "Authorization", "Bearer x" + s));
      expect(401, leaks, client.get("/v1/conversations/c1", "Authorization", "Basic "
          + Base64.getEncoder().encodeToString(("user:" + s).getBytes(StandardCharsets.UTF_8))));
      expect(401, leaks, client.get("/v1/conversations/c1/events?access_token="
          + URLEncoder.encode(s, StandardCharsets.UTF_8)));
      expect(400, leaks, client.get("/v1/conversations/c1", "Authorization", "Bearer " + adminKey,
          "X-Baton-Tenant", s.replaceAll("[^A-Za-z0-9]", "") + "/" + s));
      expect(422, leaks, client.postJson("/v1/connections", "{\"platform\": \"" + s + "\", \"name\": \"n\"}", admin));
      expect(400, leaks, client.postJson("/v1/connections", "{\"platform\": \"dixa\", \"name\": \"n\", \"secrets\": "
          + "{\"apiKey\": \"" + s + "\"", admin));
      expect(400, leaks, client.postJson("/v1/connections", "{\"platform\": \"dixa\", \"name\": \"n\", \"secrets\": "
          + "{\"apiKey\": \"" + s + "\", \"apiKey\": \"" + s + "\"}}", admin));
      expect(422, leaks, client.postJson("/v1/connections", "{\"platform\": \"dixa\", \"name\": \"n\", \"secrets\": "
          + "{\"apiKey\": \"" + s.repeat(4097 / s.length() + 1) + "\"}}", admin));
      expect(422, leaks, client.postJson("/v1/connections", "{\"platform\": \"dixa\", \"name\": \"n\", \"secrets\": "
          + "{\"apiKey\": 7, \"other\": {\"v\": \"" + s + "\"}}}", admin));
      expect(422, leaks, client.send("PATCH", "/v1/connections/" + connectionId, HttpRequest.BodyPublishers.ofString(
          "{\"platform\": \"zendesk_sunco\", \"secrets\": {\"apiKey\": \"" + s + "\"}}"), "Content-Type",
          "application/json", admin[0], admin[1], admin[2], admin[3]));
      expect(413, leaks, client.postJson("/v1/connections", "{\"platform\": \"dixa\", \"name\": \"n\", \"secrets\": "
          + "{\"apiKey\": \"" + s.repeat(70_000 / s.length()) + "\"}}", admin));
    }
  }

  private static void expect(int status, SecretLeakSearch leaks, TestClient.Response r) {
    leaks.record(r);
    assertEquals(status, r.status(), r.body());
  }
}
