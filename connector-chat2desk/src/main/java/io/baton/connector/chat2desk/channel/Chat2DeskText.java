package io.baton.connector.chat2desk.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A bot's text as Chat2Desk shows it. The seed's markdown subset is {@code *italics*}, {@code _italics_},
 * {@code __bold__}, {@code *__bold italics__*} and {@code [link](url)}: CommonMark's {@code **bold**} becomes
 * {@code __bold__} (and {@code ***x***} {@code *__x__*}); the rest passes as it is. A text over the platform's limit is
 * cut into several, at a line break or else a space, never inside a word unless one word is longer than the limit.
 */
final class Chat2DeskText {
  private static final Pattern BOLD_ITALIC = Pattern.compile("\\*\\*\\*(\\S(?:.*?\\S)?)\\*\\*\\*", Pattern.DOTALL);
  private static final Pattern BOLD = Pattern.compile("\\*\\*(\\S(?:.*?\\S)?)\\*\\*", Pattern.DOTALL);

  private Chat2DeskText() {}

  static String markdown(String text) {
    String once = BOLD_ITALIC.matcher(text).replaceAll("*__$1__*");
    return BOLD.matcher(once).replaceAll("__$1__");
  }

  /** The text in parts of at most {@code max} characters, in order; none for a blank text. */
  static List<String> parts(String text, int max) {
    List<String> parts = new ArrayList<>();
    String rest = text.strip();
    while (rest.length() > max) {
      int cut = rest.lastIndexOf('\n', max);
      if (cut < max / 2) {
        cut = lastSpace(rest, max);
      }
      if (cut <= 0) {
        cut = Character.isLowSurrogate(rest.charAt(max)) ? max - 1 : max; // one word longer than the limit
      }
      parts.add(rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
    }
    if (!rest.isEmpty()) {
      parts.add(rest);
    }
    return parts;
  }

  private static int lastSpace(String text, int max) {
    for (int i = max; i > 0; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
