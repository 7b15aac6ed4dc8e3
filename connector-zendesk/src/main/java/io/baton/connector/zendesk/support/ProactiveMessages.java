package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an agent's ticket comment becomes the SunCo message of an agent-initiated conversation, as the seed's
 * integration settings say: {@code agentInitiated.markdown} (default true: the comment's Markdown {@code body}, else
 * its {@code plain_body}), {@code agentInitiated.extractHtmlLinks} (default false: the links of the comment's HTML
 * appended, for channels that show no HTML) and {@code agentInitiated.includeTextWithMedia} (default true: a comment
 * with files keeps its text; false sends the files alone).
 */
final class ProactiveMessages {
  static final String MARKDOWN = "agentInitiated.markdown";
  static final String EXTRACT_HTML_LINKS = "agentInitiated.extractHtmlLinks";
  static final String INCLUDE_TEXT_WITH_MEDIA = "agentInitiated.includeTextWithMedia";
  private static final Pattern HREF = Pattern.compile("<a\\s[^>]*href=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

  private ProactiveMessages() {}

  /** The text of a comment on an ordinary handover ticket: what the agent wrote, without markup. */
  static String plain(JsonNode comment) {
    String plain = comment.path("plain_body").asText("");
    return plain.isEmpty() ? comment.path("body").asText("") : plain;
  }

  /** The text of a comment on an agent-initiated ticket, shaped by the connection's settings. */
  static String text(JsonNode comment, SupportAccount account) {
    boolean markdown = flag(account, MARKDOWN, true);
    String text = markdown ? comment.path("body").asText(plain(comment)) : plain(comment);
    if (flag(account, EXTRACT_HTML_LINKS, false)) {
      Set<String> links = new LinkedHashSet<>();
      Matcher m = HREF.matcher(comment.path("html_body").asText(""));
      while (m.find()) {
        if (!text.contains(m.group(1))) {
          links.add(m.group(1));
        }
      }
      if (!links.isEmpty()) {
        text = text + "\n" + String.join("\n", links);
      }
    }
    if (comment.path("attachments").size() > 0 && !flag(account, INCLUDE_TEXT_WITH_MEDIA, true)) {
      return "";
    }
    return text;
  }

  static boolean flag(SupportAccount account, String name, boolean fallback) {
    String v = account.setting(name, null);
    return v == null ? fallback : Boolean.parseBoolean(v);
  }
}
