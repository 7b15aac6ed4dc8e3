package io.baton.sandbox.chat2desk;

import java.time.Instant;
import java.util.List;

/**
 * One message of a client's: {@code from_client}, or to the client ({@code to_client}, {@code autoreply}), or never
 * shown to the client ({@code system}, {@code comment}).
 *
 * @param dialogId   the dialog it belongs to (null: the client had none)
 * @param operatorId who sent it (null: a client's, or an API message that named no sender)
 * @param attachment a file's URL, or null
 * @param buttons    the keyboard's reply buttons (empty: none)
 * @param externalId the sender's idempotency key, or null
 */
public record Chat2DeskMessage(long id, long clientId, Long dialogId, long channelId, String type, String text,
    String attachment, String attachmentFilename, Long operatorId, List<Button> buttons, String externalId,
    long requestId, Instant at) {
  public static final String FROM_CLIENT = "from_client";
  public static final String TO_CLIENT = "to_client";
  public static final String AUTOREPLY = "autoreply";
  public static final String SYSTEM = "system";
  public static final String COMMENT = "comment";
  static final List<String> SENDABLE = List.of(TO_CLIENT, AUTOREPLY, SYSTEM, COMMENT);

  /** A keyboard button: tapping a {@code reply} button sends its payload as the client's message. */
  public record Button(String type, String text, String payload) {}

  public Chat2DeskMessage {
    buttons = List.copyOf(buttons);
  }

  /** Whether the client sees it (and an {@code outbox} webhook tells of it). */
  public boolean toClient() {
    return type.equals(TO_CLIENT) || type.equals(AUTOREPLY);
  }
}
