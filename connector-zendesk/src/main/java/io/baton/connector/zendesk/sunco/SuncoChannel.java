package io.baton.connector.zendesk.sunco;

import io.baton.connector.channel.VisitorChannel;
import io.baton.events.AgentMessage;
import io.baton.events.BotMessage;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliverToVisitor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SunCo as the visitor's channel, outbound: the router's bot (and agent) messages for a visitor in Zendesk's
 * messenger become business messages in their conversation ({@code sunco-<id>}): text with quick replies as
 * {@code reply} actions, attachments as image or file messages. Idempotent on the command id: SunCo has none, so
 * the first delivery to a conversation on this instance reads which commands Baton already posted there (metadata),
 * and the instance remembers the rest.
 */
final class SuncoChannel implements VisitorChannel {
  private final SuncoAccounts accounts;
  private final SuncoMessages messages;
  /** Per SunCo conversation, the command ids posted (known once read from SunCo on the first delivery here). */
  private final Map<String, Set<String>> delivered = new ConcurrentHashMap<>();

  SuncoChannel(SuncoAccounts accounts, SuncoMessages messages) {
    this.accounts = accounts;
    this.messages = messages;
  }

  @Override
  public CompletionStage<Void> deliver(ConnectorCommand command, DeliverToVisitor delivery) {
    String conversation = SuncoConversationIds.sunco(command.getConversationId()).orElse(null);
    if (conversation == null || command.getConnectionId() == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("conversation " + command.getConversationId()
          + " is not a SunCo conversation of a connection"));
    }
    String id = command.getEventId();
    return accounts.of(command.getConnectionId()).thenCompose(account -> known(account, conversation)
        .thenCompose(posted -> {
          if (posted.contains(id)) {
            return CompletableFuture.completedFuture(null);
          }
          Map<String, Object> author;
          List<Map<String, Object>> contents;
          if (delivery.getMessage() instanceof BotMessage bot) {
            author = SuncoMessages.business(null);
            contents = SuncoMessages.contents(bot.getText(), bot.getQuickReplies(), bot.getAttachments());
          } else {
            AgentMessage agent = (AgentMessage) delivery.getMessage();
            author = SuncoMessages.business(agent.getAgentName());
            contents = SuncoMessages.contents(agent.getText(), List.of(), agent.getAttachments());
          }
          return messages.postAll(account, conversation, author, contents,
              SuncoMessages.marked(SuncoMessages.COMMAND, id)).thenRun(() -> posted.add(id));
        }));
  }

  private CompletableFuture<Set<String>> known(SuncoAccount account, String conversation) {
    Set<String> posted = delivered.get(conversation);
    if (posted != null) {
      return CompletableFuture.completedFuture(posted);
    }
    return messages.postedBy(account, conversation, SuncoMessages.COMMAND).thenApply(ids -> {
      Set<String> fresh = ConcurrentHashMap.newKeySet();
      fresh.addAll(ids);
      Set<String> raced = delivered.putIfAbsent(conversation, fresh);
      return raced != null ? raced : fresh;
    });
  }
}
