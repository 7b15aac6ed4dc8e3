package io.baton.sandbox.zendesk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a trigger's webhook body: {@code {{placeholder}}}s from the placeholders reference
 * (support.zendesk.com/hc/en-us/articles/4408886858138) and the one Liquid loop a body needs,
 * {@code {% for attachment in ticket.latest_comment.attachments %}…{% endfor %}} (with
 * {@code {% unless forloop.last %}…{% endunless %}} inside). A placeholder without a value renders blank ("If a
 * placeholder references a field that doesn't have a value, the placeholder is blank"). Values are inserted
 * JSON-escaped (without quotes) into a JSON body, so a comment with quotes or line breaks keeps the body valid.
 */
final class Placeholders {
  private static final Pattern LOOP = Pattern.compile(
      "\\{%-?\\s*for\\s+(\\w+)\\s+in\\s+ticket\\.latest_comment\\.attachments\\s*-?%}(.*?)\\{%-?\\s*endfor\\s*-?%}",
      Pattern.DOTALL);
  private static final Pattern UNLESS_LAST = Pattern.compile(
      "\\{%-?\\s*unless\\s+forloop\\.last\\s*-?%}(.*?)\\{%-?\\s*endunless\\s*-?%}", Pattern.DOTALL);
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([\\w.]+)\\s*}}");

  private Placeholders() {
  }

  /** What a body can refer to, for one ticket right after an update by {@code actor}. */
  static Map<String, String> values(Ticket t, SupportUser actor, SupportDirectory directory, String apiUrl,
      String agentUrl) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("ticket.id", Long.toString(t.id));
    v.put("ticket.title", t.subject);
    v.put("ticket.description", t.comments.isEmpty() ? null : t.comments.get(0).body());
    v.put("ticket.status", capitalized(t.status));
    v.put("ticket.priority", capitalized(t.priority));
    v.put("ticket.tags", String.join(" ", t.tags));
    v.put("ticket.external_id", t.externalId);
    v.put("ticket.url", apiUrl + "/tickets/" + t.id + ".json");
    v.put("ticket.link", agentUrl + "/tickets/" + t.id);
    v.put("ticket.via", "api".equals(t.via) ? "Web Service" : "Web Form");
    v.put("ticket.created_at_with_timestamp", t.createdAt.toString());
    v.put("ticket.updated_at_with_timestamp", t.updatedAt.toString());
    if (t.groupId != null) {
      v.put("ticket.group.name", directory.group(t.groupId).name());
      v.put("ticket.group.id", Long.toString(t.groupId));
    }
    t.customFields.forEach((id, value) -> v.put("ticket.ticket_field_" + id, value == null ? null : value.toString()));
    user(v, "ticket.requester", directory.find(t.requesterId).orElse(null));
    user(v, "ticket.submitter", directory.find(t.submitterId).orElse(null));
    user(v, "ticket.assignee", t.assigneeId == null ? null : directory.find(t.assigneeId).orElse(null));
    user(v, "current_user", actor);
    if (!t.comments.isEmpty()) {
      Ticket.Comment c = t.comments.get(t.comments.size() - 1);
      SupportUser author = directory.find(c.authorId()).orElse(null);
      v.put("ticket.latest_comment", (author == null ? "" : author.name + ", ") + c.createdAt() + "\n\n" + c.body());
      v.put("ticket.latest_comment_html", c.htmlBody());
      v.put("ticket.latest_comment.id", Long.toString(c.id()));
      v.put("ticket.latest_comment.value", c.body());
      v.put("ticket.latest_comment.is_public", Boolean.toString(c.isPublic()));
      v.put("ticket.latest_comment.created_at", c.createdAt().toString());
      user(v, "ticket.latest_comment.author", author);
    }
    t.comments.stream().filter(Ticket.Comment::isPublic).reduce((a, b) -> b)
        .ifPresent(c -> v.put("ticket.latest_public_comment", c.body()));
    return v;
  }

  /** The latest comment's attachments as the loop sees them ({@code url}, {@code filename}). */
  static List<Map<String, String>> attachments(Ticket t, String attachmentsUrl) {
    List<Map<String, String>> list = new ArrayList<>();
    if (!t.comments.isEmpty()) {
      for (Ticket.Attachment a : t.comments.get(t.comments.size() - 1).attachments()) {
        list.add(Map.of("url", a.toJson(attachmentsUrl).get("content_url").toString(), "filename", a.fileName()));
      }
    }
    return list;
  }

  static String render(String template, Map<String, String> values, List<Map<String, String>> attachments,
      boolean json) {
    Matcher loop = LOOP.matcher(template);
    StringBuilder out = new StringBuilder();
    while (loop.find()) {
      String name = loop.group(1);
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < attachments.size(); i++) {
        Map<String, String> scope = new LinkedHashMap<>(values);
        int index = i;
        attachments.get(i).forEach((k, val) -> scope.put(name + "." + k, val));
        String item = UNLESS_LAST.matcher(loop.group(2))
            .replaceAll(m -> index == attachments.size() - 1 ? "" : Matcher.quoteReplacement(m.group(1)));
        body.append(variables(item, scope, json));
      }
      loop.appendReplacement(out, Matcher.quoteReplacement(body.toString()));
    }
    loop.appendTail(out);
    return variables(out.toString(), values, json);
  }

  private static String variables(String text, Map<String, String> values, boolean json) {
    return VARIABLE.matcher(text).replaceAll(m -> {
      String value = values.get(m.group(1));
      return Matcher.quoteReplacement(value == null ? "" : json ? jsonEscaped(value) : value);
    });
  }

  private static void user(Map<String, String> v, String prefix, SupportUser u) {
    if (u == null) {
      return;
    }
    v.put(prefix + ".id", Long.toString(u.id));
    v.put(prefix + ".name", u.name);
    int space = u.name.indexOf(' ');
    v.put(prefix + ".first_name", space < 0 ? u.name : u.name.substring(0, space));
    v.put(prefix + ".last_name", space < 0 ? "" : u.name.substring(space + 1));
    v.put(prefix + ".email", u.email);
    v.put(prefix + ".external_id", u.externalId);
    v.put(prefix + ".role", u.role);
  }

  /** Statuses and priorities render as the agent interface shows them: {@code Open}, {@code Normal}. */
  private static String capitalized(String s) {
    return s == null ? null : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  static String jsonEscaped(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
