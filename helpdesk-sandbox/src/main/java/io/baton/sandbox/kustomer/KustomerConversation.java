package io.baton.sandbox.kustomer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A conversation on the chat channel, which is also the chat session (same id): its customer, status, queue, tags,
 * assigned users and messages (kept in date order). Guarded by the simulator's monitor.
 */
final class KustomerConversation {
  static final String OPEN = "open";
  static final String DONE = "done";

  final String id;
  final String customerId;
  final String externalId;
  final Instant createdAt;
  String status;
  String queueId;
  final Set<String> tags = new LinkedHashSet<>();
  List<String> assignedUsers = List.of();
  final List<KustomerMessage> messages = new ArrayList<>();
  /** Since when it waits for an agent (open, nobody assigned). */
  Instant waitingSince;
  boolean customerTyping;

  KustomerConversation(String id, String customerId, String externalId, String status, String queueId) {
    this.id = id;
    this.customerId = customerId;
    this.externalId = externalId;
    this.createdAt = Instant.now();
    this.status = status;
    this.queueId = queueId;
    this.waitingSince = createdAt;
  }

  boolean done() {
    return DONE.equals(status);
  }

  /** Adds a message where its date puts it (a later one with the same date after the earlier). */
  void add(KustomerMessage m) {
    int at = messages.size();
    while (at > 0 && messages.get(at - 1).createdAt().isAfter(m.createdAt())) {
      at--;
    }
    messages.add(at, m);
  }
}
