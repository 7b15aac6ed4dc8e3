package io.baton.connector.salesforce.miaw;

/**
 * One MIAW conversation: the platform state of a chat, kept in {@code connector.salesforce_miaw.links.v1} through
 * {@link MiawLinkCodec}: the base URL, the visitor's access token (a secret: stored, never logged), the conversation
 * id, and the last SSE event id written to Kafka, from which the stream resumes ({@code Last-Event-Id}).
 */
final class MiawConversation {
  final String baseUrl;
  final String orgId;
  final String esDeveloperName;
  final String token;
  final String miawId;
  volatile long lastEventId;

  MiawConversation(String baseUrl, String orgId, String esDeveloperName, String token, String miawId) {
    this.baseUrl = baseUrl;
    this.orgId = orgId;
    this.esDeveloperName = esDeveloperName;
    this.token = token;
    this.miawId = miawId;
  }

  @Override
  public String toString() {
    return "MiawConversation[" + miawId + "]";
  }
}
