package io.baton.ingress.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a POST body as one JSON object, enforcing the media type and a size limit before parsing anything.
 * The limit is checked on the bytes actually read, not only on Content-Length, so chunked uploads are bounded too.
 */
public final class JsonBodies {
  private JsonBodies() {}

  public static ObjectNode readObject(Context ctx, int maxBytes) {
    requireJsonContentType(ctx.header("Content-Type"));
    return parseObject(readLimited(ctx, maxBytes));
  }

  /** The body's bytes as one JSON object, or the 400 saying why they are none. */
  static ObjectNode parseObject(byte[] bytes) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw Problem.badRequest("malformed-json", "Malformed JSON",
          "the body is not valid JSON: " + e.getOriginalMessage()).exception();
    } catch (IOException e) {
      throw Problem.badRequest("malformed-json", "Malformed JSON", "the body could not be read").exception();
    }
    if (node == null || node.isMissingNode()) {
      throw Problem.badRequest("malformed-json", "Malformed JSON", "the body is empty; send a JSON object").exception();
    }
    if (!node.isObject()) {
      throw Problem.badRequest("not-an-object", "Body is not a JSON object",
          "the body must be a JSON object, got " + JsonFields.describe(node)).exception();
    }
    return (ObjectNode) node;
  }

  /** No Content-Type is tolerated (curl without -H); a declared non-JSON one is a client mistake worth naming. */
  static void requireJsonContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")
        && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      throw Problem.plain(415, "Unsupported Media Type",
          "Content-Type " + mediaType + " is not supported; send application/json").exception();
    }
  }

  private static byte[] readLimited(Context ctx, int maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw Problem.badRequest("malformed-json", "Malformed JSON", "the body could not be read").exception();
    }
  }

  private static ProblemException tooLarge(int maxBytes) {
    return Problem.typed(413, "body-too-large", "Body too large",
        "the body must be at most " + maxBytes + " bytes", java.util.List.of()).exception();
  }
}
