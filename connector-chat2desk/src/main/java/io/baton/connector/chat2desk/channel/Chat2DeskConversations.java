package io.baton.connector.chat2desk.channel;

import java.util.Optional;

/**
 * The Baton conversation of a visitor who writes from Chat2Desk: {@code c2d-<connectionId>-<clientId>} (client ids are
 * per Chat2Desk company, so the connection is part of it).
 */
public final class Chat2DeskConversations {
  private static final String PREFIX = "c2d-";

  private Chat2DeskConversations() {}

  public static String of(String connection, String clientId) {
    return PREFIX + connection + "-" + clientId;
  }

  /** The client of a Chat2Desk conversation (its last, numeric part); empty for any other conversation. */
  public static Optional<String> clientOf(String conversationId) {
    int dash = conversationId.lastIndexOf('-');
    if (!conversationId.startsWith(PREFIX) || dash < PREFIX.length() + 1) {
      return Optional.empty();
    }
    String client = conversationId.substring(dash + 1);
    return client.matches("\\d+") ? Optional.of(client) : Optional.empty();
  }

  /** The connection a Chat2Desk conversation belongs to; empty for any other conversation. */
  public static Optional<String> connectionOf(String conversationId) {
    return clientOf(conversationId)
        .map(c -> conversationId.substring(PREFIX.length(), conversationId.length() - c.length() - 1));
  }
}
