package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One personal conversation: its one participant, its messages in order and who holds it in the switchboard. */
final class SuncoConversation {
  /**
   * One message as the API answers it, with what webhooks add: the author's user id (null for the business) and,
   * for messages from the messenger, the client and device {@code includeFullSource} shows.
   */
  record Message(ObjectNode json, String userId, ObjectNode client, ObjectNode device) {
    String id() {
      return json.path("id").asText();
    }
  }

  final String id;
  final String userId;
  final Instant createdAt;
  final ObjectNode metadata;
  final String displayName;
  final String iconUrl;
  final List<Message> messages = new ArrayList<>();
  Instant lastUpdatedAt;
  Instant businessLastRead;
  String activeMemberId;
  String pendingMemberId;

  SuncoConversation(String id, String userId, String displayName, String iconUrl, ObjectNode metadata) {
    this.id = id;
    this.userId = userId;
    this.displayName = displayName;
    this.iconUrl = iconUrl;
    this.metadata = metadata;
    this.createdAt = Instant.now();
    this.lastUpdatedAt = createdAt;
  }

  /** As the API answers it ({@code conversation}); {@code members} resolves a switchboard integration's id. */
  ObjectNode toJson(Function<String, ObjectNode> members) {
    ObjectNode json = truncated(members);
    json.put("isDefault", false);
    if (displayName != null) {
      json.put("displayName", displayName);
    }
    if (iconUrl != null) {
      json.put("iconUrl", iconUrl);
    }
    json.put("businessLastRead", businessLastRead == null ? null : businessLastRead.toString());
    json.put("lastUpdatedAt", lastUpdatedAt.toString());
    json.put("createdAt", createdAt.toString());
    if (!json.has("metadata")) {
      json.set("metadata", SuncoJson.object());
    }
    return json;
  }

  /** As webhooks carry it ({@code conversationTruncated}): nobody in control leaves the field out. */
  ObjectNode truncated(Function<String, ObjectNode> members) {
    ObjectNode json = SuncoJson.object().put("id", id).put("type", "personal");
    if (metadata != null && !metadata.isEmpty()) {
      json.set("metadata", metadata.deepCopy());
    }
    ObjectNode active = activeMemberId == null ? null : members.apply(activeMemberId);
    if (active != null) {
      json.set("activeSwitchboardIntegration", active);
    }
    ObjectNode pending = pendingMemberId == null ? null : members.apply(pendingMemberId);
    if (pending != null) {
      json.set("pendingSwitchboardIntegration", pending);
    }
    return json;
  }
}
