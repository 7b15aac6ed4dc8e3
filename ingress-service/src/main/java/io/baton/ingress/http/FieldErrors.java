package io.baton.ingress.http;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one request body, so a client fixes them all at once instead of one per round trip. */
public final class FieldErrors {
  private final List<FieldError> errors = new ArrayList<>();

  public void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public boolean isEmpty() { return errors.isEmpty(); }

  public List<FieldError> list() {
    return List.copyOf(errors);
  }

  /** Throws a 422 problem naming every collected field, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
  }
}
