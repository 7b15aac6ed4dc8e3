package io.baton.connector.misc.gorgias;

/**
 * Gorgias's state of one handover, kept in its link ({@link GorgiasLinkCodec}). The opening is a chain of steps, each
 * recorded once Gorgias accepted it, so a connector that died between two goes on from the last one; the ticket
 * carries Baton's handover id as {@code external_id} and is looked for by it before one is created.
 */
final class GorgiasChat {
  /** The steps in order; the chat is live from {@link #LIVE}. */
  enum Step {
    NEW, CUSTOMER, TICKET, LIVE
  }

  /** The connection (its account, credentials and rate limit). */
  final String connection;
  volatile Step step = Step.NEW;
  volatile String customerId;
  volatile String ticketId;
  /** The highest message id of the ticket already handled: messages up to it are never relayed. */
  volatile long cursor;
  /** The agent assigned as last relayed (null: none), and how many assignment changes were relayed. */
  volatile String agentId;
  volatile String agentName;
  volatile int assignments;
  /**
   * Read back from a link: the last visitor message may have reached Gorgias without the link recording it (a crash
   * in between), so the next send looks for its external id first. Not kept.
   */
  volatile boolean unsure;

  GorgiasChat(String connection) {
    this.connection = connection;
  }

  /** How deliveries about this ticket find it ({@code PlatformRefs}). */
  static String ref(String connection, String ticketId) {
    return connection + "/" + ticketId;
  }

  @Override
  public String toString() {
    return "GorgiasChat[ticket " + ticketId + ", " + step + "]";
  }
}
