package io.baton.connector.dixa;

/**
 * Dixa's state of one handover, kept in its link ({@link DixaLinkCodec}). The handover is a chain of steps, each
 * recorded once Dixa accepted it, so a connector that died between two steps goes on from the last one recorded (the
 * conversation is imported with the handover id as its {@code externalId}: a retried import is refused as a
 * duplicate, and the conversation is looked up instead of created twice).
 */
final class DixaChat {
  /** The steps in order; the chat is live from {@link #DONE}. */
  enum Step {
    NEW, END_USER, CREATED, QUEUED, DONE
  }

  /** The connection (its token, rate limit and webhook subscription). */
  final String connection;
  volatile Step step = Step.NEW;
  volatile String endUserId;
  /** Dixa's conversation id (csid), once created. */
  volatile long csid = -1;
  volatile String agentName;

  DixaChat(String connection) {
    this.connection = connection;
  }

  /** How webhooks about this conversation find it ({@code PlatformRefs}). */
  static String ref(String connection, long csid) {
    return connection + "/" + csid;
  }

  @Override
  public String toString() {
    return "DixaChat[csid " + csid + ", " + step + "]";
  }
}
