package io.baton.connector.salesforce.miaw;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One MIAW conversation: the platform state of a chat, kept in {@code connector.salesforce_miaw.links.v1} through
 * {@link MiawLinkCodec}: the base URL, the visitor's access token (a secret: stored, never logged) with when it was
 * received and when it expires (its JWT {@code exp}; 0 when unknown), the conversation id, the last SSE event id
 * written to Kafka, from which the stream resumes ({@code Last-Event-Id}), and the entries already relayed (their
 * ids, the newest {@value #RELAYED_KEPT}) with the time of the newest, from which a backfill reads
 * {@code conversation/{id}/entries}.
 */
final class MiawConversation {
  static final int RELAYED_KEPT = 200;

  final String baseUrl;
  final String orgId;
  final String esDeveloperName;
  volatile String token;
  /** When the token was received and when it expires (epoch ms; 0: unknown, renewed only when refused). */
  volatile long tokenReceivedAt;
  volatile long tokenExpiresAt;
  final String miawId;
  volatile long lastEventId;
  /** The newest entry relayed (its {@code transcriptedTimestamp}, epoch ms). */
  volatile long entriesSince;
  private final LinkedHashSet<String> relayed = new LinkedHashSet<>();

  MiawConversation(String baseUrl, String orgId, String esDeveloperName, String token, String miawId) {
    this.baseUrl = baseUrl;
    this.orgId = orgId;
    this.esDeveloperName = esDeveloperName;
    this.miawId = miawId;
    token(token, System.currentTimeMillis());
  }

  /** A new access token (a continuation token), received at {@code receivedAt}. */
  void token(String token, long receivedAt) {
    this.token = token;
    this.tokenReceivedAt = receivedAt;
    this.tokenExpiresAt = MiawClient.expiry(token);
  }

  synchronized boolean relayed(String entryId) {
    return relayed.contains(entryId);
  }

  /** The entry is on Kafka. */
  synchronized void relayed(String entryId, long at) {
    if (entryId != null) {
      relayed.add(entryId);
      while (relayed.size() > RELAYED_KEPT) {
        relayed.remove(relayed.iterator().next());
      }
    }
    entriesSince = Math.max(entriesSince, at);
  }

  /** The relayed ids, oldest first, with {@code entryId} added when not null. */
  synchronized List<String> relayedWith(String entryId) {
    List<String> ids = new ArrayList<>(relayed);
    if (entryId != null && !relayed.contains(entryId)) {
      ids.add(entryId);
    }
    return ids.subList(Math.max(0, ids.size() - RELAYED_KEPT), ids.size());
  }

  @Override
  public String toString() {
    return "MiawConversation[" + miawId + "]";
  }
}
