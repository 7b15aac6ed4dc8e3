package io.baton.connector.misc.kustomer;

/**
 * Kustomer's state of one handover, kept in its link ({@link KustomerLinkCodec}). The handover is a chain of steps,
 * each recorded once Kustomer accepted it, so a connector that died between two steps goes on from the last one
 * recorded. Then what was relayed: the last message of the session read ({@link #cursor}) and the agent the visitor
 * was told of.
 */
final class KustomerChat {
  /** The steps in order; the chat is live from {@link #DONE}. */
  enum Step {
    NEW, CUSTOMER, SESSION, ROUTED, DONE
  }

  final String connection;
  volatile Step step = Step.NEW;
  volatile String customerId;
  /** The chat session's id, which is the Kustomer conversation's. */
  volatile String conversationId;
  /** The id of the last session message looked at for agent messages (null: none yet). */
  volatile String cursor;
  /** That message's {@code createdAt}. */
  volatile String cursorAt;
  /** The agent the visitor was last told of (joined or transferred to); null: none. */
  volatile String agentId;
  volatile String agentName;
  /** The {@code createdAt} of the last assignment change applied: an older one delivered late is not. */
  volatile String assignedAt;
  /** Read back from a link: the next visitor message first checks Kustomer did not take it before a crash. */
  volatile boolean resumed;

  KustomerChat(String connection) {
    this.connection = connection;
  }

  /** How webhooks about this conversation find it ({@code PlatformRefs}). */
  static String ref(String connection, String conversationId) {
    return connection + "/" + conversationId;
  }

  @Override
  public String toString() {
    return "KustomerChat[" + conversationId + ", " + step + "]";
  }
}
