package io.baton.connector.zendesk.sunco;

import java.util.Optional;

/**
 * The Baton conversation of a SunCo conversation the visitor holds in Zendesk's own messenger (the channel, and
 * agent-initiated conversations): {@code sunco-<suncoConversationId>}, so every part of the connector, and a
 * handover the router sends back, names the same Baton conversation without a lookup.
 */
public final class SuncoConversationIds {
  public static final String PREFIX = "sunco-";

  private SuncoConversationIds() {}

  /** The Baton conversation id of a SunCo conversation. */
  public static String of(String suncoConversationId) {
    if (suncoConversationId == null || suncoConversationId.isBlank()) {
      throw new IllegalArgumentException("a SunCo conversation id is required");
    }
    return PREFIX + suncoConversationId;
  }

  /** The SunCo conversation a Baton conversation id names, if it is one of these. */
  public static Optional<String> sunco(String batonConversationId) {
    return batonConversationId != null && batonConversationId.startsWith(PREFIX)
        && batonConversationId.length() > PREFIX.length()
            ? Optional.of(batonConversationId.substring(PREFIX.length())) : Optional.empty();
  }
}
