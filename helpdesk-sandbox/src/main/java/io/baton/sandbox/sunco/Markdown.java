package io.baton.sandbox.sunco;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small part of Markdown the sandbox converts into {@code htmlText} (SunCo converts {@code markdownText} on
 * reception): HTML escaped, {@code **bold**}, {@code *italic*} / {@code _italic_}, {@code [text](url)} links and line
 * breaks. Enough to check the converted length the way SunCo does, and to give a message without {@code text} the text
 * of its HTML.
 */
final class Markdown {
  private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
  private static final Pattern ITALIC = Pattern.compile("(?<![\\w*])[*_](.+?)[*_](?![\\w*])");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\((https?://[^)\\s]+)\\)");

  private Markdown() {
  }

  /** The text of HTML for channels without rich text: line breaks kept, tags dropped, entities read. */
  static String plainText(String html) {
    String text = html.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>\\s*<p>", "\n\n")
        .replaceAll("<[^>]*>", "");
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&").trim();
  }

  static String toHtml(String markdown) {
    String html = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    html = LINK.matcher(html).replaceAll(m -> Matcher.quoteReplacement(
        "<a href=\"" + m.group(2) + "\">" + m.group(1) + "</a>"));
    html = BOLD.matcher(html).replaceAll("<strong>$1</strong>");
    html = ITALIC.matcher(html).replaceAll("<em>$1</em>");
    return "<p>" + html.replace("\n", "<br>") + "</p>";
  }
}
