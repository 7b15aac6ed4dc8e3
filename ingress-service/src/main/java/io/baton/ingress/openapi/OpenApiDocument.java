package io.baton.ingress.openapi;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/openapi.json}: the API's OpenAPI 3.0.3 document, written by hand next to the code
 * ({@code src/main/resources/openapi.json}); tests keep its paths equal to the routes Javalin serves and validate
 * real requests and answers against it.
 */
public final class OpenApiDocument implements Handler {
  public static final String PATH = "/v1/openapi.json";
  private final byte[] document;

  public OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(Context ctx) {
    ctx.contentType("application/json").result(document);
  }
}
