package io.baton.connector.salesforce.miaw;

import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One MIAW conversation as kept in {@code connector.salesforce_miaw.links.v1}: the base URL, the visitor's access
 * token (a secret: stored, never logged), the conversation id, and the last SSE event id written to Kafka, from
 * which the stream resumes ({@code Last-Event-Id}).
 */
final class MiawConversation {
  final String tenant;
  final String conversationId;
  final String handoverId;
  final String baseUrl;
  final String orgId;
  final String esDeveloperName;
  final String token;
  final String miawId;
  volatile long lastEventId;
  volatile boolean ended;
  volatile boolean ending;
  volatile boolean released;
  /** Writes of this conversation's events and link, one after another. */
  CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
  volatile CompletableFuture<?> stream;

  MiawConversation(String tenant, String conversationId, String handoverId, String baseUrl, String orgId,
      String esDeveloperName, String token, String miawId) {
    this.tenant = tenant;
    this.conversationId = conversationId;
    this.handoverId = handoverId;
    this.baseUrl = baseUrl;
    this.orgId = orgId;
    this.esDeveloperName = esDeveloperName;
    this.token = token;
    this.miawId = miawId;
  }

  String key() {
    return tenant + "/" + conversationId;
  }

  PlatformLink toLink(long lastEventId) {
    return PlatformLink.newBuilder().setTenant(tenant).setConversationId(conversationId)
        .setPlatform(Platform.salesforce_miaw).setHandoverId(handoverId)
        .setState(Map.of("baseUrl", baseUrl, "orgId", orgId, "esDeveloperName", esDeveloperName, "token", token,
            "conversationId", miawId, "lastEventId", Long.toString(lastEventId)))
        .setEnded(ended).setUpdatedAt(Instant.now()).build();
  }

  static MiawConversation fromLink(PlatformLink link) {
    Map<String, String> s = link.getState();
    MiawConversation c = new MiawConversation(link.getTenant(), link.getConversationId(), link.getHandoverId(),
        s.get("baseUrl"), s.get("orgId"), s.get("esDeveloperName"), s.get("token"), s.get("conversationId"));
    c.lastEventId = Long.parseLong(s.getOrDefault("lastEventId", "0"));
    c.ended = link.getEnded();
    return c;
  }

  @Override
  public String toString() {
    return "MiawConversation[" + key() + ", " + miawId + "]";
  }
}
