package io.baton.connector.misc.freshchat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a conversation's user messages a repeated send may be: those the chat did not record. */
class FreshchatVisitorMessagesTest {
  /** Newest first, as Freshchat lists them: two transcript lines, an agent's reply, then two visitor messages. */
  private static final String MESSAGES = "{'messages':["
      + "{'id':'v2','actor_type':'user','created_time':'2026-11-29T10:00:05.000Z'},"
      + "{'id':'v1','actor_type':'user','created_time':'2026-11-29T10:00:04.000Z'},"
      + "{'id':'a1','actor_type':'agent','created_time':'2026-11-29T10:00:03.000Z'},"
      + "{'id':'t2','actor_type':'user','created_time':'2026-11-29T10:00:00.000Z'},"
      + "{'id':'t1','actor_type':'user','created_time':'2026-11-29T10:00:00.000Z'}]}";

  private static List<String> unrecorded(String lastMessageId) throws Exception {
    FreshchatChat chat = new FreshchatChat("c");
    chat.openingUserMessages = 2;
    chat.lastMessageId = lastMessageId;
    JsonNode messages = FreshchatClient.JSON.readTree(MESSAGES.replace('\'', '"')).path("messages");
    return FreshchatVisitorMessages.unrecorded(chat, messages).stream().map(m -> m.path("id").asText()).toList();
  }

  @Test
  void afterTheOpeningsAndTheLastRecordedOnly() throws Exception {
    assertEquals(List.of("v1", "v2"), unrecorded(null), "none recorded: after the transcript's two");
    assertEquals(List.of("v2"), unrecorded("v1"));
    assertEquals(List.of(), unrecorded("v2"));
    assertEquals(List.of(), unrecorded("gone"), "the last recorded is not on the page: nothing can be told");
  }
}
