package io.baton.connector.misc.freshchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three shapes of {@code message_create} read exactly, private notes told, and visitor messages as parts. */
class FreshchatMessagePartsTest {
  private static JsonNode json(String s) throws Exception {
    return FreshchatClient.JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void theCurrentShapeReadsItsTextImagesAndFiles() throws Exception {
    JsonNode message = json("{'id':'m1','message_type':'normal','actor_type':'agent','message_parts':["
        + "{'text':{'content':'Here is the form'}},{'text':{'content':'and a picture'}},"
        + "{'image':{'url':'https://cdn.example.com/a/shot.PNG?x=1'}},"
        + "{'file':{'url':'https://cdn.example.com/f/form.pdf','name':'Form.pdf','file_size_in_bytes':1234,"
        + "'content_type':'application/pdf'}},{'url_button':{'url':'https://x','label':'Go'}}]}");
    FreshchatMessageParts.Content content = FreshchatMessageParts.read(message);
    assertEquals("Here is the form\nand a picture", content.text());
    assertEquals(List.of(new Attachment("https://cdn.example.com/a/shot.PNG?x=1", "shot.PNG", "image/png", 0L),
        new Attachment("https://cdn.example.com/f/form.pdf", "Form.pdf", "application/pdf", 1234L)),
        content.attachments());
    assertFalse(FreshchatMessageParts.isPrivate(message));
  }

  @Test
  void theLegacy2018ShapeReadsMsgParts() throws Exception {
    JsonNode message = json("{'id':'m2','actor_type':'agent','msg_parts':[{'part_type':'text','properties':"
        + "{'text':'Hello from 2018'}},{'part_type':'image','properties':{'url':'https://cdn.example.com/p.jpg'}},"
        + "{'part_type':'collection','properties':{}}]}");
    FreshchatMessageParts.Content content = FreshchatMessageParts.read(message);
    assertEquals("Hello from 2018", content.text());
    assertEquals(List.of(new Attachment("https://cdn.example.com/p.jpg", "p.jpg", "image/jpeg", 0L)),
        content.attachments());
    assertFalse(FreshchatMessageParts.isPrivate(message), "no message_type: a normal message");
  }

  @Test
  void the2022ShapeWithoutMessageTypeIsNormalUnlessItIsABotsPrivateNote() throws Exception {
    String parts = "'message_parts':[{'text':{'content':'From 2022'}}],'restrictResponse':false,"
        + "'interaction_id':'i-1'";
    JsonNode shown = json("{'id':'m3','actor_type':'agent'," + parts + ",'botsPrivateNote':false}");
    assertEquals("From 2022", FreshchatMessageParts.read(shown).text());
    assertFalse(FreshchatMessageParts.isPrivate(shown));
    assertTrue(FreshchatMessageParts.isPrivate(json("{'id':'m4','actor_type':'bot'," + parts
        + ",'botsPrivateNote':true}")));
    assertTrue(FreshchatMessageParts.isPrivate(json("{'id':'m5','message_type':'private'," + parts + "}")));
  }

  @Test
  void aVisitorMessageBecomesTextImageAndFileParts() {
    VisitorMessage message = new VisitorMessage("See attached", List.of(
        new Attachment("https://files.example.com/s.png", "s.png", "image/png", 10L),
        new Attachment("https://files.example.com/r.pdf", "r.pdf", "application/pdf", 2048L)));
    assertEquals(List.of(Map.of("text", Map.of("content", "See attached")),
        Map.of("image", Map.of("url", "https://files.example.com/s.png")),
        Map.of("file", Map.of("url", "https://files.example.com/r.pdf", "name", "r.pdf",
            "content_type", "application/pdf", "file_size_in_bytes", 2048L))),
        FreshchatMessageParts.of(message));
    assertEquals(List.of(), FreshchatMessageParts.of(new VisitorMessage(" ", List.of())), "nothing to post");
  }

  @Test
  void aPostedMessageIsKnownAgainByItsContent() throws Exception {
    VisitorMessage message = new VisitorMessage("twice?", List.of(
        new Attachment("https://files.example.com/s.png", "s.png", "image/png", 10L)));
    JsonNode posted = FreshchatClient.JSON.valueToTree(Map.of("message_parts", FreshchatMessageParts.of(message)));
    assertEquals(FreshchatMessageParts.content(message).fingerprint(),
        FreshchatMessageParts.read(posted).fingerprint());
    assertFalse(FreshchatMessageParts.content(new VisitorMessage("twice?", List.of())).fingerprint()
        .equals(FreshchatMessageParts.read(posted).fingerprint()));
  }
}
