package io.baton.sandbox.gorgias;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A ticket and its messages, in creation order. Guarded by the simulator's monitor. */
final class GorgiasTicket {
  static final String OPEN = "open";
  static final String CLOSED = "closed";

  final long id;
  final long customerId;
  final String channel;
  final String via;
  final boolean fromAgent;
  final String externalId;
  final Instant created;
  String subject;
  String status = OPEN;
  Long assigneeUserId;
  Long assigneeTeamId;
  final List<String> tags = new ArrayList<>();
  final List<GorgiasMessage> messages = new ArrayList<>();
  Instant updated;
  Instant closed;
  /** Since when it waits for an agent (open, nobody assigned), for the desk. */
  Instant waitingSince;

  GorgiasTicket(long id, long customerId, String channel, String via, boolean fromAgent, String externalId,
      String subject, Instant created) {
    this.id = id;
    this.customerId = customerId;
    this.channel = channel;
    this.via = via;
    this.fromAgent = fromAgent;
    this.externalId = externalId;
    this.subject = subject;
    this.created = created;
    this.updated = created;
    this.waitingSince = created;
  }

  boolean isClosed() { return CLOSED.equals(status); }

  Instant lastMessageDatetime() {
    return messages.isEmpty() ? null : messages.get(messages.size() - 1).createdDatetime();
  }

  Instant lastReceivedMessageDatetime() {
    return messages.stream().filter(m -> !m.fromAgent()).map(GorgiasMessage::createdDatetime)
        .reduce((a, b) -> b).orElse(null);
  }
}
