package io.baton.connector.webhooks;

import io.baton.connector.channel.VisitorChannel;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.connections.PlatformConnections;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The slots a webhook-driven platform fills ({@link WebhookAssembly}).
 *
 * @param activation     what makes a connection usable (it runs only once every part exists)
 * @param webhooks       the signature check and the events of a delivery
 * @param platform       the chats at the platform
 * @param unrouted       the events about a reference no conversation is filed under (a visitor in the platform's own
 *                       inbox, a ticket an agent opened); null: dropped
 * @param channel        the visitor's channel when the platform is one ({@code DeliverToVisitor}); null otherwise
 * @param connectionSeen told of every connection of {@code connections.v1} before it is activated; null: nothing
 * @param verification   what a connection's deliveries are checked with; null: its secrets and what activation
 *                       learned ({@link PlatformConnections#verification})
 * @param signature      wraps the signature check (a second look after a failure, such as re-reading a secret an
 *                       administrator reset); null: the check as it is
 */
public record WebhookParts<S>(PlatformConnections.Activation activation, WebhookSource webhooks,
    ChatPlatform<S> platform, Function<WebhookEvent, CompletionStage<Void>> unrouted, VisitorChannel channel,
    ConnectionFeed.Listener connectionSeen, Function<String, Map<String, String>> verification,
    UnaryOperator<SignatureCheck> signature) {

  public static <S> WebhookParts<S> of(PlatformConnections.Activation activation, WebhookSource webhooks,
      ChatPlatform<S> platform) {
    return new WebhookParts<>(activation, webhooks, platform, null, null, null, null, null);
  }

  public WebhookParts<S> withUnrouted(Function<WebhookEvent, CompletionStage<Void>> handler) {
    return new WebhookParts<>(activation, webhooks, platform, handler, channel, connectionSeen, verification,
        signature);
  }

  public WebhookParts<S> withChannel(VisitorChannel visitorChannel) {
    return new WebhookParts<>(activation, webhooks, platform, unrouted, visitorChannel, connectionSeen, verification,
        signature);
  }

  public WebhookParts<S> withVerification(Function<String, Map<String, String>> secretsOf,
      UnaryOperator<SignatureCheck> check) {
    return new WebhookParts<>(activation, webhooks, platform, unrouted, channel, connectionSeen, secretsOf, check);
  }

  public WebhookParts<S> withConnectionSeen(ConnectionFeed.Listener listener) {
    return new WebhookParts<>(activation, webhooks, platform, unrouted, channel, listener, verification, signature);
  }
}
