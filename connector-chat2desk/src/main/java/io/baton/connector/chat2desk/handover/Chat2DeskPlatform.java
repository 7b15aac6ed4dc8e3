package io.baton.connector.chat2desk.handover;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chat2desk.Chat2DeskClient;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.LinkCodec;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * PLACEHOLDER until c2handover's handover lands (branch c2handover replaces this file): every handover is refused
 * with that reason, so nothing pretends to work.
 */
public final class Chat2DeskPlatform implements ChatPlatform<Map<String, String>> {
  public Chat2DeskPlatform(Chat2DeskClient client, PlatformCalls calls, PlatformConnections connections) {}

  @Override
  public Platform platform() {
    return Platform.chat2desk;
  }

  @Override
  public LinkCodec<Map<String, String>> codec() {
    return new LinkCodec<>() {
      @Override
      public Map<String, String> encode(Map<String, String> state) {
        return state;
      }

      @Override
      public Map<String, String> decode(int version, Map<String, String> state) {
        return state;
      }
    };
  }

  @Override
  public CompletionStage<Void> open(Chat<Map<String, String>> chat, StartChat start) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("Chat2Desk handover is not built yet"));
  }

  @Override
  public CompletionStage<Void> send(Chat<Map<String, String>> chat, String commandId, VisitorMessage message) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("Chat2Desk handover is not built yet"));
  }

  @Override
  public CompletionStage<Void> typing(Chat<Map<String, String>> chat, String commandId, boolean typing) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> end(Chat<Map<String, String>> chat, String commandId, String reason) {
    return CompletableFuture.completedFuture(null);
  }
}
