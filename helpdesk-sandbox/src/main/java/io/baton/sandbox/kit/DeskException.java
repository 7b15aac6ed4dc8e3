package io.baton.sandbox.kit;

/** An agent action refused: 404 unknown chat, 409 wrong state, 400 unsupported action or bad input. */
public final class DeskException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public DeskException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static DeskException notFound(String platform, String chatId) {
    return new DeskException(404, "No " + platform + " chat " + chatId);
  }

  public static DeskException unsupported(String platform, DeskAction action) {
    return new DeskException(400, platform + " agents cannot " + action.name().toLowerCase());
  }
}
