package io.baton.sandbox.liveagent;

import java.time.Instant;
import java.util.Objects;

/**
 * One chat message as the agent's transcript shows it.
 *
 * @param from "visitor" or "agent"
 */
public record TranscriptLine(String from, String text, Instant at) {

  public static final String VISITOR = "visitor";
  public static final String AGENT = "agent";

  public TranscriptLine {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
  }
}
