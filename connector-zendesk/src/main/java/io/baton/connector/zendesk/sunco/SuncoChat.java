package io.baton.connector.zendesk.sunco;

/**
 * SunCo's state of one handover, kept in its link ({@link SuncoLinkCodec}). The handover is a chain of steps, each
 * recorded once SunCo took it, so a connector killed between two goes on from the last one recorded; the step in
 * flight is safe to repeat (the user and conversation are found again by externalId and metadata, the transcript
 * entries already posted are found by their metadata, passControl to the active integration changes nothing).
 */
final class SuncoChat {
  /** The steps in order; the chat is live from {@link #LIVE}. */
  enum Step {
    NEW, USER, CONVERSATION, TRANSCRIPT, GROUP, PASSED, LIVE
  }

  final String connection;
  volatile Step step = Step.NEW;
  /** True for a handover inside the visitor's own SunCo conversation (the channel): no user, no transcript. */
  volatile boolean inConversation;
  volatile String userId;
  volatile String conversationId;
  volatile String firstMessageId;
  volatile String groupId;
  volatile String agentName;
  volatile boolean agentJoined;
  /** Read back from a link: the first visitor message after it checks SunCo for a post the link did not record. */
  transient volatile boolean resumed;

  SuncoChat(String connection) {
    this.connection = connection;
  }

  String ref() {
    return SuncoWebhooks.ref(connection, conversationId);
  }

  @Override
  public String toString() {
    return "SuncoChat[" + conversationId + ", " + step + "]";
  }
}
