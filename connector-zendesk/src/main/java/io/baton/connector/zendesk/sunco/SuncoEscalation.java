package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.ZendeskSuncoHandover;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The bridge's handover calls, each safe to repeat: the transcript (each entry found again by its metadata before
 * it is posted), the Zendesk group of the skill, and passControl to the Agent Workspace with the metadata Zendesk
 * reads into the ticket. The user and conversation are {@link SuncoUsers}'.
 */
final class SuncoEscalation {
  static final String AGENT_WORKSPACE = "zd:agentWorkspace";

  private final SuncoClient client;
  private final PlatformCalls calls;
  private final SuncoMessages messages;
  private final SuncoGroups groups;

  SuncoEscalation(SuncoClient client, PlatformCalls calls, SuncoMessages messages) {
    this.client = client;
    this.calls = calls;
    this.messages = messages;
    this.groups = new SuncoGroups(client, calls);
  }

  /**
   * Posts the entries not posted yet (visitor lines as the user, the others as business messages), in order;
   * completes with the SunCo id of the first entry's message (null without a transcript).
   */
  CompletableFuture<String> transcript(SuncoAccount account, SuncoChat chat, String handoverId,
      List<TranscriptEntry> entries) {
    if (entries.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    String first = handoverId + "#0";
    // Read back until this handover's first entry, or a post of Baton's from before it (entries go in order, after
    // everything Baton posted earlier): every entry a crash may have posted is in that range.
    return messages.back(account, chat.conversationId, read -> read.stream().anyMatch(m -> SuncoMessages.ours(m)
        && !m.path("metadata").path(SuncoMessages.ENTRY).asText("").startsWith(handoverId + "#")
        || first.equals(m.path("metadata").path(SuncoMessages.ENTRY).asText(null)))).thenCompose(recent -> {
          Map<String, String> posted = new HashMap<>();
          for (JsonNode m : recent) {
            if (SuncoMessages.ours(m) && m.path("metadata").path(SuncoMessages.ENTRY).isTextual()) {
              posted.put(m.path("metadata").path(SuncoMessages.ENTRY).asText(), m.path("id").asText());
            }
          }
          String[] firstId = {posted.get(first)};
          CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
          for (int i = 0; i < entries.size(); i++) {
            String entry = handoverId + "#" + i;
            if (posted.containsKey(entry)) {
              continue;
            }
            TranscriptEntry e = entries.get(i);
            Map<String, Object> author = e.getRole() == TranscriptRole.visitor ? SuncoMessages.user(chat.userId)
                : SuncoMessages.business(e.getRole() == TranscriptRole.bot ? "Bot" : null);
            boolean isFirst = i == 0;
            chain = chain.thenCompose(x -> messages.post(account, chat.conversationId, author,
                SuncoMessages.contents(e.getText(), List.of(), List.of()).get(0),
                SuncoMessages.marked(SuncoMessages.ENTRY, entry))).thenApply(id -> {
                  if (isFirst) {
                    firstId[0] = id;
                  }
                  return null;
                });
          }
          return chain.thenApply(x -> firstId[0]);
        });
  }

  /** The Zendesk group of the skill (created when missing); null without a skill. */
  CompletableFuture<String> group(SuncoAccount account, String skill) {
    return skill == null || skill.isBlank() ? CompletableFuture.completedFuture(null)
        : groups.findOrCreate(account, skill.trim());
  }

  /** Hands the conversation to the Agent Workspace; passing control to the integration already active is a no-op. */
  CompletableFuture<JsonNode> passControl(SuncoAccount account, SuncoChat chat, String requesterName,
      String requesterEmail, ZendeskSuncoHandover payload) {
    Map<String, Object> metadata = new LinkedHashMap<>(payload.getMetadata());
    if (chat.firstMessageId != null) {
      metadata.put("first_message_id", chat.firstMessageId);
    }
    if (!payload.getTags().isEmpty()) {
      metadata.put("dataCapture.systemField.tags", String.join(",", payload.getTags()));
    }
    if (chat.groupId != null) {
      metadata.put("dataCapture.systemField.group_id", chat.groupId);
    }
    if (requesterName != null) {
      metadata.put("dataCapture.systemField.requester.name", requesterName);
    }
    if (requesterEmail != null) {
      metadata.put("dataCapture.systemField.requester.email", requesterEmail);
    }
    payload.getTicketFields().forEach((id, value) -> metadata.put("dataCapture.ticketField." + id, value));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("switchboardIntegration", AGENT_WORKSPACE);
    body.put("metadata", metadata);
    String path = account.app() + "/conversations/" + chat.conversationId + "/passControl";
    return calls.call(account.connection(), "POST /v2/apps/{appId}/conversations/{id}/passControl",
        () -> client.sunco(account, "POST", path, body));
  }

  /** The visitor or bot ended the handover: a note for the agent, then control released by Baton. */
  CompletableFuture<Void> release(SuncoAccount account, SuncoChat chat, String commandId, String reason) {
    String note = "The visitor left the chat" + (reason == null || reason.isBlank() ? "." : " (" + reason + ").");
    String path = account.app() + "/conversations/" + chat.conversationId + "/releaseControl";
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(SuncoMessages.ORIGIN, "baton");
    metadata.put("baton.reason", reason == null ? "" : reason);
    return messages.post(account, chat.conversationId, SuncoMessages.business(null),
        SuncoMessages.contents(note, List.of(), List.of()).get(0), SuncoMessages.marked(SuncoMessages.COMMAND,
            commandId))
        .thenCompose(id -> calls.call(account.connection(), "POST /v2/apps/{appId}/conversations/{id}/releaseControl",
            () -> client.sunco(account, "POST", path, Map.of("metadata", metadata))))
        .thenApply(x -> null);
  }
}
