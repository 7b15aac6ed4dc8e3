package io.baton.sandbox.liveagent;

import java.util.NoSuchElementException;

/** An agent action named a session id that never sent ChasitorInit. */
public final class ChatNotFoundException extends NoSuchElementException {
  private static final long serialVersionUID = 1L;

  public ChatNotFoundException(String sessionId) {
    super("No Live Agent chat with session id " + sessionId);
  }
}
