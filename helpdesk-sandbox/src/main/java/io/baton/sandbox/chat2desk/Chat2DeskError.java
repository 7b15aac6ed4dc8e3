package io.baton.sandbox.chat2desk;

/**
 * An error answer of the Chat2Desk API: {@code {"status":"error","message":...}}, with {@code errors:{field:[...]}}
 * when a field is wrong.
 */
public final class Chat2DeskError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String field;

  public Chat2DeskError(int status, String message) {
    this(status, message, null);
  }

  private Chat2DeskError(int status, String message, String field) {
    super(message);
    this.status = status;
    this.field = field;
  }

  /** A 400 naming the field: the message starts with it. */
  static Chat2DeskError field(String field, String problem) {
    return new Chat2DeskError(400, field + " " + problem, field);
  }

  static Chat2DeskError notFound(String what) {
    return new Chat2DeskError(404, what + " not found");
  }

  public int status() {
    return status;
  }

  /** The field it is about, or null. */
  public String field() {
    return field;
  }
}
