package io.baton.ingress;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The served OpenAPI document ({@code src/main/resources/openapi.json}, the bytes {@code GET /v1/openapi.json}
 * answers) as a validator of real requests and answers (swagger-request-validator). {@link TestClient} checks every
 * answer of every test with it, so the whole suite's traffic keeps the document honest.
 */
final class ApiContract {
  /** Requests outside the documented API (static files, deliberately unknown paths): nothing to check. */
  private static final Set<String> NOT_DOCUMENTED = Set.of("validation.request.path.missing",
      "validation.response.path.missing", "validation.request.operation.notAllowed",
      "validation.response.operation.notAllowed");
  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createForInlineApiSpecification(document()).build();

  private ApiContract() {}

  static String document() {
    try (InputStream in = ApiContract.class.getResourceAsStream("/openapi.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode documentJson() {
    try {
      return TestClient.JSON.readTree(document());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the document says is wrong with a request; empty when it is valid or outside the documented paths. */
  static List<String> requestViolations(String method, String pathAndQuery, Map<String, List<String>> headers,
      String body) {
    String[] parts = pathAndQuery.split("\\?", 2);
    SimpleRequest.Builder b = new SimpleRequest.Builder(method, parts[0]);
    if (parts.length > 1) {
      for (String pair : parts[1].split("&")) {
        String[] kv = pair.split("=", 2);
        b.withQueryParam(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    headers.forEach((name, values) -> b.withHeader(name, values));
    if (body != null) {
      b.withBody(body);
    }
    return messages(VALIDATOR.validateRequest(b.build()));
  }

  /**
   * What the document says is wrong with an answer to {@code method path} (path without its query); {@code body}
   * null for a stream that is not read to its end (its body is then not checked).
   */
  static List<String> responseViolations(String method, String path, int status, HttpHeaders headers, String body) {
    SimpleResponse.Builder b = SimpleResponse.Builder.status(status);
    headers.map().forEach((name, values) -> b.withHeader(name, values));
    if (body != null && !body.isEmpty()) {
      b.withBody(body);
    }
    List<String> violations = messages(VALIDATOR.validateResponse(path.split("\\?", 2)[0],
        Request.Method.valueOf(method.toUpperCase()), b.build()));
    return body != null ? violations
        : violations.stream().filter(v -> !v.startsWith("validation.response.body.missing")).toList();
  }

  private static List<String> messages(ValidationReport report) {
    return report.getMessages().stream().filter(m -> !NOT_DOCUMENTED.contains(m.getKey()))
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(m -> m.getKey() + ": " + m.getMessage()).toList();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
