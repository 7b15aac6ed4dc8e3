package io.baton.sandbox.liveagent;

import java.util.Arrays;
import java.util.Optional;

/** The documented POST Chasitor/{action} requests this simulator handles. */
enum ChasitorAction {
  CHASITOR_INIT("ChasitorInit"), CHAT_MESSAGE("ChatMessage"), CHASITOR_TYPING("ChasitorTyping"), CHASITOR_NOT_TYPING(
      "ChasitorNotTyping"), CHASITOR_SNEAK_PEEK("ChasitorSneakPeek"), CUSTOM_EVENT(
          "CustomEvent"), CHAT_END("ChatEnd"), CHASITOR_RESYNC_STATE("ChasitorResyncState");

  final String path;

  ChasitorAction(String path) {
    this.path = path;
  }

  /** Exact, case-sensitive match on the documented path segment. */
  static Optional<ChasitorAction> fromPath(String path) {
    return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
  }
}
