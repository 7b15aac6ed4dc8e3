package io.baton.connector.chats;

import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;

/** How a handover's transcript reads as text for a human at a platform that takes it as plain lines. */
public final class TranscriptLines {
  private TranscriptLines() {}

  /** Who said it, as an agent reads it: Visitor, Bot, Agent, System. */
  public static String speaker(TranscriptRole role) {
    return switch (role) {
      case visitor -> "Visitor";
      case bot -> "Bot";
      case agent -> "Agent";
      case system -> "System";
    };
  }

  /** {@code "Visitor: <text>"}. */
  public static String line(TranscriptEntry entry) {
    return speaker(entry.getRole()) + ": " + entry.getText();
  }
}
