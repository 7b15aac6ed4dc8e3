package io.baton.connector.chat2desk.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chat2desk.Chat2DeskClient;
import io.baton.events.Attachment;
import io.baton.events.QuickReply;
import io.baton.events.VisitorContext;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What one Baton message becomes at Chat2Desk, and what an inbox webhook tells the bot about the visitor. */
class Chat2DeskMessagesTest {
  private final Chat2DeskChannel channel = new Chat2DeskChannel(null, null, null, 1000);

  @Test
  void textThenButtonsOnTheLastPartThenEachAttachment() {
    List<Map<String, Object>> messages = channel.messages("**Pick** one " + "word ".repeat(300),
        List.of(new QuickReply("Billing", "BILLING"), new QuickReply("A title far longer than forty characters!!",
            "LONG")),
        List.of(new Attachment("https://cdn.example.com/a.pdf", "a.pdf", "application/pdf", 10L),
            new Attachment("https://cdn.example.com/b.png", "b.png", "image/png", 20L)));
    assertEquals(4, messages.size());
    assertEquals(Map.of("text", ("__Pick__ one " + "word ".repeat(197)).strip()), messages.get(0));
    assertEquals(("word ".repeat(103)).strip(), messages.get(1).get("text"));
    assertEquals(Map.of("buttons", List.of(Map.of("type", "reply", "text", "Billing", "payload", "BILLING"),
        Map.of("type", "reply", "text", "A title far longer than forty character…", "payload", "LONG"))),
        messages.get(1).get("keyboard"));
    assertEquals(Map.of("attachment", "https://cdn.example.com/a.pdf", "attachment_filename", "a.pdf"),
        messages.get(2));
    assertEquals(Map.of("attachment", "https://cdn.example.com/b.png", "attachment_filename", "b.png"),
        messages.get(3));
  }

  @Test
  void moreButtonsThanChat2DeskShowsOrButtonsWithoutTextAreAClearErrorNotAPartialMessage() {
    List<QuickReply> eleven = IntStream.range(0, 11).mapToObj(i -> new QuickReply("b" + i, "p" + i)).toList();
    assertEquals("Chat2Desk shows at most 10 buttons; the message has 11",
        assertThrows(IllegalArgumentException.class, () -> channel.messages("pick", eleven, List.of())).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> channel.messages(" ", List.of(new QuickReply("a", "b")), List.of()));
    assertEquals(List.of(), channel.messages("", List.of(), List.of()));
  }

  @Test
  void theSeedsChannelVariablesComeFromTheWebhookAndWhatItLacksIsLeftOut() throws Exception {
    JsonNode full = Chat2DeskClient.JSON.readTree("{\"hook_type\":\"inbox\",\"message_id\":501,\"operator_id\":42,"
        + "\"client_id\":77,\"dialog_id\":9,\"client\":{\"id\":77,\"phone\":\"+79990001122\",\"name\":\"Ann\"}}");
    VisitorContext context = Chat2DeskVisitors.context(full, "77");
    assertEquals("Ann", context.getName());
    assertEquals("+79990001122", context.getPhone());
    assertEquals(null, context.getEmail());
    assertEquals(Map.of("channel_message_id", "501", "channel_message_recipient", "42", "channel_visitor_id", "77",
        "channel_conversation_id", "9", "channel_visitor_phone", "+79990001122", "channel_visitor_firstname", "Ann",
        "channel_chat_id", "77|chat2desk"), context.getAttributes());

    JsonNode sparse = Chat2DeskClient.JSON.readTree("{\"hook_type\":\"inbox\",\"message_id\":502,\"operator_id\":null,"
        + "\"client_id\":78,\"dialog_id\":10,\"client\":{\"id\":78,\"phone\":\"\",\"name\":null}}");
    VisitorContext bare = Chat2DeskVisitors.context(sparse, "78");
    assertEquals(null, bare.getName());
    assertEquals(null, bare.getPhone());
    assertEquals(Map.of("channel_message_id", "502", "channel_visitor_id", "78", "channel_conversation_id", "10",
        "channel_chat_id", "78|chat2desk"), bare.getAttributes());
  }

  @Test
  void conversationIdsCarryTheConnectionAndTheClient() {
    String id = Chat2DeskConversations.of("7f1c-2a-b", "500482964");
    assertEquals("c2d-7f1c-2a-b-500482964", id);
    assertEquals("500482964", Chat2DeskConversations.clientOf(id).orElseThrow());
    assertEquals("7f1c-2a-b", Chat2DeskConversations.connectionOf(id).orElseThrow());
    assertEquals(true, Chat2DeskConversations.clientOf("sunco-abc").isEmpty());
    assertEquals(true, Chat2DeskConversations.clientOf("c2d-conn-x1").isEmpty());
  }
}
