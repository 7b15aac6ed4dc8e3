package io.baton.connector.chat2desk.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Chat2DeskTextTest {

  @Test
  void boldBecomesTheSeedsUnderscoresAndTheRestOfTheSubsetPassesAsItIs() {
    assertEquals("a __bold__ word", Chat2DeskText.markdown("a **bold** word"));
    assertEquals("*__bold italics__* and __two__ __bolds__",
        Chat2DeskText.markdown("***bold italics*** and **two** **bolds**"));
    String subset = "*italics* _italics_ __bold__ *__both__* [link](http://www.example.com/)";
    assertEquals(subset, Chat2DeskText.markdown(subset));
    assertEquals("2 ** 3 and a ** b", Chat2DeskText.markdown("2 ** 3 and a ** b"), "no emphasis, no change");
  }

  @Test
  void aLongTextIsCutAtWordsIntoPartsWithinTheLimitAndNothingIsLost() {
    String text = "lorem ipsum dolor sit amet ".repeat(200).strip(); // 5,399 characters
    List<String> parts = Chat2DeskText.parts(text, 1000);
    assertEquals(6, parts.size());
    parts.forEach(p -> assertTrue(p.length() <= 1000, p.length() + " characters"));
    parts.forEach(p -> assertTrue(!p.startsWith(" ") && !p.endsWith(" ")));
    assertEquals(text, String.join(" ", parts));
    parts.subList(0, 5).forEach(p -> assertTrue(p.endsWith("amet") || p.endsWith("lorem") || p.endsWith("ipsum")
        || p.endsWith("dolor") || p.endsWith("sit"), "cut between words: " + p.substring(p.length() - 10)));
  }

  @Test
  void aParagraphBreakIsPreferredAndAWordLongerThanTheLimitIsCutHard() {
    String text = "x".repeat(120) + "\n" + "y ".repeat(30).strip();
    assertEquals(List.of("x".repeat(120), "y ".repeat(30).strip()), Chat2DeskText.parts(text, 150));
    assertEquals(List.of("z".repeat(100), "z".repeat(100), "z".repeat(50)),
        Chat2DeskText.parts("z".repeat(250), 100));
    assertEquals(List.of(), Chat2DeskText.parts("  \n ", 100));
    assertEquals(List.of("short"), Chat2DeskText.parts(" short ", 100));
  }
}
