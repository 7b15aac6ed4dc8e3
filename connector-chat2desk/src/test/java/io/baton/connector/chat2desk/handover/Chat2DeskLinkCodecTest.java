package io.baton.connector.chat2desk.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Chat2DeskLinkCodecTest {
  private final Chat2DeskLinkCodec codec = new Chat2DeskLinkCodec();

  @Test
  void aLiveChatReadsBackAsItWasWritten() {
    Chat2DeskChat chat = new Chat2DeskChat("acme", true);
    chat.step = Chat2DeskChat.Step.LIVE;
    chat.clientId = "500482964";
    chat.dialogId = "77";
    chat.lastMessageId = "901";
    chat.chosenGroupId = "7";
    chat.operatorId = "12";
    chat.operatorName = "Boris Petrov";
    Map<String, String> encoded = codec.encode(chat);
    assertEquals(Map.of("connection", "acme", "external", "true", "step", "LIVE", "clientId", "500482964",
        "dialogId", "77", "lastMessageId", "901", "chosenGroupId", "7", "operatorId", "12", "operatorName",
        "Boris Petrov"), encoded);
    assertEquals(encoded, codec.encode(codec.decode(1, encoded)));
  }

  @Test
  void aNewChatHasOnlyItsConnectionAndKind() {
    assertEquals(Map.of("connection", "acme", "external", "false", "step", "NEW"),
        codec.encode(new Chat2DeskChat("acme", false)));
  }

  @Test
  void aBrokenLinkIsRefusedNamingWhatIsWrong() {
    Map<String, String> state = new HashMap<>(Map.of("connection", "acme", "external", "maybe"));
    assertEquals("the link's 'external' is not true or false: maybe",
        assertThrows(IllegalArgumentException.class, () -> codec.decode(1, state)).getMessage());
    state.put("external", "false");
    state.put("step", "LIVE");
    assertEquals("the link is at step LIVE without a client and dialog",
        assertThrows(IllegalArgumentException.class, () -> codec.decode(1, state)).getMessage());
    state.put("step", "GONE");
    assertEquals("the link's 'step' is not one of [NEW, DIALOG, CHOSEN, QUEUED, LIVE]: GONE",
        assertThrows(IllegalArgumentException.class, () -> codec.decode(1, state)).getMessage());
  }
}
