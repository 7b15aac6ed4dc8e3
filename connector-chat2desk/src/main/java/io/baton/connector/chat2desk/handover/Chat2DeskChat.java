package io.baton.connector.chat2desk.handover;

/**
 * Chat2Desk's state of one handover, kept in its link ({@link Chat2DeskLinkCodec}). A chain of steps, each recorded
 * once Chat2Desk took it, so a connector killed between two goes on from the last one recorded; the step in flight
 * is safe to repeat (the widget visitor's messages carry their {@code external_id}, assigning a dialog to the operator
 * it already has changes nothing, and the operator chosen is recorded before the dialog is given to them).
 */
public final class Chat2DeskChat {
  /** The steps in order; the chat is in Chat2Desk's hands from {@link #QUEUED}. */
  enum Step {
    /** Nothing done yet. */
    NEW,
    /** The client's dialog is known (the widget visitor injected with the transcript) and filed. */
    DIALOG,
    /** The operator (or group) that gets the dialog is chosen. */
    CHOSEN,
    /** In a group's queue: no operator yet. */
    QUEUED,
    /** An operator has the dialog. */
    LIVE
  }

  /** The connection (its token, settings and rate limit). */
  final String connection;
  /** A widget visitor handed over through the connection's external channel (else a Chat2Desk channel visitor). */
  final boolean external;
  volatile Step step = Step.NEW;
  volatile String clientId;
  volatile String dialogId;
  /** The dialog's latest message: what {@code transfer_to_group} names. */
  volatile String lastMessageId;
  /** The choice, once made: an operator to assign, or a group to queue in. */
  volatile String chosenOperatorId;
  volatile String chosenGroupId;
  /** The human operator who has the dialog now (null while queued). */
  volatile String operatorId;
  volatile String operatorName;

  Chat2DeskChat(String connection, boolean external) {
    this.connection = connection;
    this.external = external;
  }

  boolean handedOver() {
    return step.compareTo(Step.QUEUED) >= 0;
  }

  @Override
  public String toString() {
    return "Chat2DeskChat[client " + clientId + ", dialog " + dialogId + ", " + step + "]";
  }
}
