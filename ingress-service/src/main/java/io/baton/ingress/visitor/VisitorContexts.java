package io.baton.ingress.visitor;

import io.baton.events.VisitorContext;
import io.baton.ingress.http.JsonFields;
import java.util.HashMap;
import java.util.Map;

/** The request member {@code context} (a VisitorContext as JSON), and how contexts combine over a conversation. */
public final class VisitorContexts {
  private VisitorContexts() {}

  /** Reads {@code context} of {@code parent}; null when absent. Errors are recorded under {@code context.*}. */
  public static VisitorContext parse(JsonFields parent, String member) {
    JsonFields c = parent.optionalObject(member);
    if (c == null) {
      return null;
    }
    return VisitorContext.newBuilder()
        .setName(c.optionalString("name"))
        .setEmail(c.optionalString("email"))
        .setPhone(c.optionalString("phone"))
        .setAttributes(c.stringMap("attributes"))
        .setPageProperties(c.stringMap("pageProperties"))
        .build();
  }

  public static VisitorContext empty() {
    return VisitorContext.newBuilder().build();
  }

  /**
   * {@code newer} over {@code older}: a value the newer context has replaces the older one, a value it lacks keeps the
   * older one (a widget that sends only the page's properties does not forget the visitor's name). Either may be null.
   */
  public static VisitorContext merge(VisitorContext older, VisitorContext newer) {
    if (older == null) {
      return newer == null ? empty() : newer;
    }
    if (newer == null) {
      return older;
    }
    Map<String, String> attributes = new HashMap<>(older.getAttributes());
    attributes.putAll(newer.getAttributes());
    Map<String, String> page = new HashMap<>(older.getPageProperties());
    page.putAll(newer.getPageProperties());
    return VisitorContext.newBuilder()
        .setName(newer.getName() != null ? newer.getName() : older.getName())
        .setEmail(newer.getEmail() != null ? newer.getEmail() : older.getEmail())
        .setPhone(newer.getPhone() != null ? newer.getPhone() : older.getPhone())
        .setAttributes(attributes)
        .setPageProperties(page)
        .build();
  }
}
