package io.baton.connector.misc.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.TranscriptLines;
import io.baton.events.ChatQueued;
import io.baton.events.HandoverRequested;
import io.baton.events.OracleChatHandover;
import io.baton.events.TranscriptEntry;
import io.baton.events.VisitorContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A handover to Oracle, step by step, each recorded in the link before the next ({@link OracleEngagement.Step}):
 * the session (establishSessions with the handover's session information, the connection's defaults merged in), the
 * availability check (getQueueStats: no agent, the handover fails and nothing is opened), the engagement
 * (requestEngagement in the session's pool), the bot's transcript as the visitor's first message(s), then queued.
 *
 * <p>The transcript goes in the chat itself, where the agent reads, not in the session information's question (a
 * short subject) or auxiliary data (shown only where a site configured them) [decision]. Its messages carry
 * transaction ids derived from the handover, so a repeat after a crash is deduplicated by Oracle.
 */
final class OracleOpening {
  private final OracleClient client;
  private final OracleSessions sessions;
  private final int chunk;

  OracleOpening(OracleClient client, OracleSessions sessions, int chunk) {
    this.client = client;
    this.sessions = sessions;
    this.chunk = chunk;
  }

  /** The session information to establish with: the handover's JSON object, the connection's defaults merged in. */
  static String sessionInformation(HandoverRequested handover, OracleSettings settings) {
    String text = ((OracleChatHandover) handover.getPayload()).getSessionInformation();
    JsonNode parsed;
    try {
      parsed = text == null || text.isBlank() ? OracleClient.JSON.createObjectNode() : OracleClient.JSON.readTree(text);
    } catch (IOException e) {
      parsed = null;
    }
    if (!(parsed instanceof ObjectNode info)) {
      throw new IllegalArgumentException("the handover's sessionInformation is not a JSON object");
    }
    if (!info.hasNonNull("interfaceId") && settings.interfaceId() != null) {
      info.put("interfaceId", settings.interfaceId());
    }
    if (!info.hasNonNull("queueId") && settings.queueId() != null) {
      info.put("queueId", settings.queueId());
    }
    VisitorContext context = handover.getContext();
    if (context != null && context.getEmail() != null && !info.hasNonNull("emailAddress")) {
      info.put("emailAddress", context.getEmail());
    }
    return info.toString();
  }

  /** The queue the availability check reads: the session information's, else none. */
  static Long queueOf(String sessionInformation) {
    try {
      JsonNode q = OracleClient.JSON.readTree(sessionInformation).get("queueId");
      boolean id = q != null && (q.canConvertToLong() || q.isTextual() && q.asText().matches("\\d{1,18}"));
      return id ? Long.valueOf(q.asLong()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Goes on from the chat's recorded step until the engagement is live (or the handover failed). */
  CompletableFuture<Void> advance(Chat<OracleEngagement> chat, List<TranscriptEntry> transcript) {
    OracleEngagement e = chat.state();
    CompletableFuture<Boolean> step = switch (e.step) {
      case NEW -> sessions.establish(e).thenCompose(x -> {
        e.step = OracleEngagement.Step.ESTABLISHED;
        return chat.saveLink();
      }).thenApply(x -> true);
      case ESTABLISHED -> available(chat).thenCompose(available -> {
        if (!available) {
          return CompletableFuture.completedFuture(false);
        }
        e.step = OracleEngagement.Step.REQUESTING;
        return chat.saveLink().thenApply(x -> true);
      });
      case REQUESTING -> request(chat);
      case ENGAGED -> transcript(chat, transcript).thenCompose(x -> {
        e.step = OracleEngagement.Step.LIVE;
        return chat.publishWithLink("queued", new ChatQueued(null, null));
      }).thenApply(x -> false);
      case LIVE -> CompletableFuture.completedFuture(false);
    };
    return step.thenCompose(more -> more && !chat.ended() ? advance(chat, transcript)
        : CompletableFuture.completedFuture(null));
  }

  /** The queue statistics: false (the handover refused, with the reason) when no agent is available. */
  private CompletableFuture<Boolean> available(Chat<OracleEngagement> chat) {
    OracleEngagement e = chat.state();
    Long queue = queueOf(e.sessionInformation);
    if (!sessions.settings(e.connection).availabilityCheck() || queue == null) {
      return CompletableFuture.completedFuture(true); // [decision] no queue named: nothing to check
    }
    return sessions.call(chat, "getQueueStats", s -> client.queueStats(s, queue)).thenCompose(stats -> {
      int agents = stats.path("availableAgentSessions").asInt(0);
      if (agents > 0) {
        return CompletableFuture.completedFuture(true);
      }
      return chat.refused("unavailable", "no agent is available in Oracle queue " + queue
          + " (getQueueStats: " + agents + " available agent sessions)").thenApply(x -> false);
    });
  }

  /** requestEngagement; 409 (dequeued by the site's routing rules) fails the handover with the reason. */
  private CompletableFuture<Boolean> request(Chat<OracleEngagement> chat) {
    OracleEngagement e = chat.state();
    long transaction = OracleTransactions.id(chat.handoverId() + "/requestEngagement");
    return sessions.call(chat, "requestEngagement", s -> client.post(s, "requestEngagement",
        OracleTransactions.stamp(transaction))).handle((json, error) -> {
          if (error != null) {
            if (OracleClient.status(error, 409)) {
              return chat.refused("dequeued", "Oracle's routing rules dequeued the chat (409): "
                  + OracleClient.reason(error)).thenApply(x -> false);
            }
            return CompletableFuture.<Boolean>failedFuture(error);
          }
          String sessionId = json.path("sessionId").asText("");
          if (sessionId.isEmpty()) {
            return CompletableFuture.<Boolean>failedFuture(
                new IllegalStateException("requestEngagement answered without a sessionId"));
          }
          e.sessionId = sessionId;
          e.engagementId = json.hasNonNull("engagementIdString") ? json.get("engagementIdString").asText()
              : json.path("engagementId").asText(null);
          if (json.hasNonNull("clientId") || json.hasNonNull("clientIdString")) {
            e.clientId = json.hasNonNull("clientIdString") ? json.get("clientIdString").asText()
                : json.get("clientId").asText();
          }
          e.step = OracleEngagement.Step.ENGAGED;
          return chat.saveLink().thenApply(x -> true);
        }).thenCompose(f -> f);
  }

  /** The transcript as the visitor's first message(s), each at most {@code chunk} characters. */
  private CompletableFuture<Void> transcript(Chat<OracleEngagement> chat, List<TranscriptEntry> transcript) {
    CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
    List<String> parts = chunks(transcript, chunk);
    for (int i = 0; i < parts.size(); i++) {
      String body = parts.get(i);
      long transaction = OracleTransactions.id(chat.handoverId() + "/transcript/" + i);
      sent = sent.thenCompose(x -> sessions.call(chat, "postMessage", s -> client.post(s, "postMessage",
          OracleTransactions.message(body, transaction))).thenApply(json -> null));
    }
    return sent;
  }

  /** The transcript's lines ("Visitor: ...", "Bot: ..."), headed, cut into messages of at most {@code max}. */
  static List<String> chunks(List<TranscriptEntry> transcript, int max) {
    List<String> parts = new ArrayList<>();
    if (transcript.isEmpty()) {
      return parts;
    }
    StringBuilder part = new StringBuilder("Conversation with the bot before this chat:");
    for (TranscriptEntry entry : transcript) {
      String line = TranscriptLines.line(entry);
      while (line.length() > max - 1) { // a line alone longer than a message is cut
        flush(parts, part);
        parts.add(line.substring(0, max));
        line = line.substring(max);
      }
      if (part.length() + 1 + line.length() > max) {
        flush(parts, part);
      }
      part.append(part.length() == 0 ? "" : "\n").append(line);
    }
    flush(parts, part);
    return parts;
  }

  private static void flush(List<String> parts, StringBuilder part) {
    if (part.length() > 0) {
      parts.add(part.toString());
      part.setLength(0);
    }
  }
}
