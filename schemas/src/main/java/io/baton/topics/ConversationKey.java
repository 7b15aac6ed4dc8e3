package io.baton.topics;

import java.util.regex.Pattern;

/** The key of every conversation record: {@code <tenant>/<conversationId>}, both parts {@code [A-Za-z0-9._-]{1,128}}. */
public record ConversationKey(String tenant, String conversationId) {
  public static final Pattern PART = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  public ConversationKey {
    if (tenant == null || !PART.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant must match " + PART.pattern());
    }
    if (conversationId == null || !PART.matcher(conversationId).matches()) {
      throw new IllegalArgumentException("conversation id must match " + PART.pattern());
    }
  }

  public static boolean isValidPart(String s) {
    return s != null && PART.matcher(s).matches();
  }

  /** Parses a record key; throws IllegalArgumentException for anything that is not a valid conversation key. */
  public static ConversationKey parse(String key) {
    if (key == null) {
      throw new IllegalArgumentException("missing conversation key");
    }
    int slash = key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("conversation key must be <tenant>/<conversationId>");
    }
    return new ConversationKey(key.substring(0, slash), key.substring(slash + 1));
  }

  @Override
  public String toString() {
    return tenant + "/" + conversationId;
  }
}
