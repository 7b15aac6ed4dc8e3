package io.baton.operations;

/**
 * One thing a service needs to do its work (the Streams state is RUNNING, the command loop owns partitions, the
 * producer can reach the broker), asked on every readiness probe. A check answers quickly from state the service
 * already keeps; it never blocks on the network.
 */
@FunctionalInterface
public interface HealthCheck {
  Status check();

  /** Up or not, with a short reason an operator reads in the probe's body (never a secret). */
  record Status(boolean up, String detail) {
    public static Status up(String detail) {
      return new Status(true, detail);
    }

    public static Status down(String detail) {
      return new Status(false, detail);
    }
  }
}
