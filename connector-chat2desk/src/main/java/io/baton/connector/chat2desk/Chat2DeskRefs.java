package io.baton.connector.chat2desk;

/**
 * The references webhook events are filed under ({@code connector.chat2desk.refs.v1}), per connection because
 * Chat2Desk's client ids are per company. A live handover's chat files {@link #client}: the client's
 * {@code outbox}, {@code close_dialog} and {@code dialog_transferred} events reach it. The visitor's own messages
 * ({@code inbox}) carry {@link #channel}, which nothing files, so they always reach the channel (the unrouted
 * handler), which logs them during a handover as well.
 */
public final class Chat2DeskRefs {
  private static final String CLIENT = "/client:";
  private static final String CHANNEL = "/channel:";

  private Chat2DeskRefs() {}

  /** What a live handover of this client files, so the events about the client's dialog reach its chat. */
  public static String client(String connection, String clientId) {
    return connection + CLIENT + clientId;
  }

  /** The visitor's side of a client: never filed, so its events go to the channel. */
  public static String channel(String connection, String clientId) {
    return connection + CHANNEL + clientId;
  }

  /** Whether the reference is a client's channel side (else the side a live handover files). */
  public static boolean isChannel(String ref) {
    return ref.contains(CHANNEL);
  }

  /** The connection a reference belongs to. */
  public static String connectionOf(String ref) {
    int at = ref.lastIndexOf('/');
    return at < 0 ? ref : ref.substring(0, at);
  }

  /** The client a reference is about. */
  public static String clientOf(String ref) {
    return ref.substring(ref.lastIndexOf(':') + 1);
  }
}
