package io.baton.ingress.http;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An RFC 9457 problem: what every error response of the ingress carries, as {@code application/problem+json}.
 * {@code type} is {@code about:blank} when the HTTP status says it all, else {@code https://baton.dev/problems/<slug>}.
 * {@code errors} names the offending fields; empty when the problem is not about fields.
 */
public record Problem(int status, String type, String title, String detail, List<FieldError> errors) {
  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://baton.dev/problems/";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A problem fully described by its HTTP status. */
  public static Problem plain(int status, String title, String detail) {
    return new Problem(status, "about:blank", title, detail, List.of());
  }

  public static Problem typed(int status, String slug, String title, String detail, List<FieldError> errors) {
    return new Problem(status, TYPE_BASE + slug, title, detail, errors);
  }

  /** 422: the body is well-formed JSON but its content is not acceptable. */
  public static Problem validation(List<FieldError> errors) {
    String detail = errors.stream().map(FieldError::message).collect(Collectors.joining("; "));
    return typed(422, "validation-failed", "Invalid request content", detail, errors);
  }

  public static Problem badRequest(String slug, String title, String detail) {
    return typed(400, slug, title, detail, List.of());
  }

  public static Problem badField(String slug, String title, String field, String message) {
    return typed(400, slug, title, message, List.of(new FieldError(field, message)));
  }

  public ProblemException exception() {
    return new ProblemException(this);
  }
}
