package io.baton.sandbox.liveagent;

/** An agent action that the chat's status does not allow (e.g. a message to a queued or ended chat). */
public final class ChatStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ChatStateException(String message) {
    super(message);
  }
}
