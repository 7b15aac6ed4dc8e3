package io.baton.ingress.visitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Attachment;
import io.baton.ingress.http.HttpUrls;
import io.baton.ingress.http.JsonFields;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Attachments by URL: Baton never stores files, it passes links to helpdesks and widgets. The limits fit what the
 * helpdesks accept (the smallest common file limit is 25 MiB) and keep a record small.
 */
public final class Attachments {
  public static final int MAX_COUNT = 10;
  public static final int MAX_URL_LENGTH = HttpUrls.MAX_LENGTH;
  public static final int MAX_NAME_LENGTH = 255;
  public static final long MAX_SIZE_BYTES = 25L * 1024 * 1024;
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}");

  private Attachments() {}

  /** {@code [{url, name, contentType, sizeBytes}]}; absent is empty. */
  public static List<Attachment> parse(JsonFields fields, String name) {
    JsonNode raw = fields.raw(name);
    if (raw != null && raw.isArray() && raw.size() > MAX_COUNT) {
      fields.errors().add(fields.path(name), "'" + fields.path(name) + "' may hold at most " + MAX_COUNT
          + " attachments, got " + raw.size());
      return List.of();
    }
    return fields.objects(name, Attachments::one);
  }

  private static Attachment one(JsonFields a) {
    String url = a.requiredString("url");
    if (!url.isEmpty() && !HttpUrls.isHttpUrl(url)) {
      a.errors().add(a.path("url"), "'" + a.path("url") + "' must be an absolute http or https URL of at most "
          + MAX_URL_LENGTH + " characters");
    }
    String name = a.requiredString("name");
    if (name.length() > MAX_NAME_LENGTH) {
      a.errors().add(a.path("name"), "'" + a.path("name") + "' must be at most " + MAX_NAME_LENGTH + " characters");
    }
    String type = a.requiredString("contentType");
    if (!type.isEmpty() && !MEDIA_TYPE.matcher(type.toLowerCase(Locale.ROOT)).matches()) {
      a.errors().add(a.path("contentType"), "'" + a.path("contentType") + "' must be a media type such as image/png");
    }
    long size = 0;
    JsonNode s = a.raw("sizeBytes");
    if (s == null) {
      a.errors().add(a.path("sizeBytes"), "'" + a.path("sizeBytes") + "' is required");
    } else if (!s.isIntegralNumber() || s.asLong() < 0 || s.asLong() > MAX_SIZE_BYTES || !s.canConvertToLong()) {
      a.errors().add(a.path("sizeBytes"), "'" + a.path("sizeBytes") + "' must be an integer from 0 to "
          + MAX_SIZE_BYTES + " (25 MiB)");
    } else {
      size = s.asLong();
    }
    return Attachment.newBuilder().setUrl(url).setName(name).setContentType(type.toLowerCase(Locale.ROOT))
        .setSizeBytes(size).build();
  }

}
