package io.baton.connector.misc.freshchat;

/**
 * Freshchat's state of one handover, kept in its link ({@link FreshchatLinkCodec}). The opening is a chain of steps,
 * each recorded once Freshchat accepted it, so a connector that died between two goes on from the last one; the
 * conversation's creation is recorded as begun ({@link Step#CREATING}) before it is asked for, so a repeat looks for
 * the conversation among the user's before creating another.
 */
final class FreshchatChat {
  /** The steps in order; the chat is live from {@link #LIVE}. */
  enum Step {
    NEW, CREATING, LIVE
  }

  /** The connection (its account, token, rate limit and public key). */
  final String connection;
  volatile Step step = Step.NEW;
  volatile String userId;
  volatile String conversationId;
  /** The user messages the opening posted (the transcript's): the first ones of the conversation. */
  volatile int openingUserMessages;
  /** The id of the last visitor message posted; null until one was. */
  volatile String lastMessageId;
  volatile String agentId;
  volatile String agentName;
  /**
   * Read back from a link: the last visitor message may have reached Freshchat without the link recording it (a
   * crash in between), so sends look at the conversation before posting until nothing unrecorded is left. Not kept.
   */
  volatile boolean unsure;

  FreshchatChat(String connection) {
    this.connection = connection;
  }

  /** How webhooks about this conversation find it ({@code PlatformRefs}). */
  static String ref(String connection, String conversationId) {
    return connection + "/" + conversationId;
  }

  @Override
  public String toString() {
    return "FreshchatChat[conversation " + conversationId + ", " + step + "]";
  }
}
