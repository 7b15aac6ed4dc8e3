package io.baton.sandbox.dixa;

/** An error answer of the Dixa API: the status and Dixa's {@code {"message": ...}} body. */
public final class DixaError extends RuntimeException {
  private final int status;

  public DixaError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
