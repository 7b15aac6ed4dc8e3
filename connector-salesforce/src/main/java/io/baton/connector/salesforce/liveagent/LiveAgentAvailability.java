package io.baton.connector.salesforce.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.salesforce.SalesforceConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Live Agent Availability check ({@code GET Visitor/Availability}): whether buttons have an agent online, and the
 * estimated wait. For the router (or a bot) to ask before a handover; a missing {@code isAvailable} means false.
 */
public final class LiveAgentAvailability {
  /** @param estimatedWaitSeconds null when Live Agent gave none */
  public record Button(String id, boolean available, Integer estimatedWaitSeconds) {}

  private final SalesforceConfig config;
  private final PlatformCalls calls;
  private final LiveAgentClient client;

  public LiveAgentAvailability(SalesforceConfig config, PlatformCalls calls) {
    this.config = config;
    this.calls = calls;
    this.client = new LiveAgentClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build(), config.apiVersion(), config.requestTimeout());
  }

  public CompletableFuture<List<Button>> check(String liveAgentHostname, String organizationId, String deploymentId,
      List<String> buttonIds) {
    String restUrl = config.liveAgentRestUrl(liveAgentHostname);
    return calls.call(organizationId, "Availability",
        () -> client.availability(restUrl, organizationId, deploymentId, buttonIds)).thenApply(results -> {
          List<Button> buttons = new ArrayList<>();
          for (JsonNode r : results) {
            JsonNode wait = r.get("estimatedWaitTime");
            buttons.add(new Button(r.path("id").asText(), r.path("isAvailable").asBoolean(false),
                wait == null || wait.isNull() || wait.asInt(-1) < 0 ? null : wait.asInt()));
          }
          return buttons;
        });
  }
}
