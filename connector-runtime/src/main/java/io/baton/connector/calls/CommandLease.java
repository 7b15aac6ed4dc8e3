package io.baton.connector.calls;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the command being handled is still this instance's to carry out: held while its partition is, lost once a
 * rebalance gave the partition to another instance (which carries the command out again from its link). Set around the
 * synchronous part of a command's handling ({@code ConnectorHost}), captured by {@link PlatformCalls#call} and set
 * again while a platform call's answer completes, as {@link CallTrace} is; a call whose lease is lost is not tried
 * again, so an instance that let a chat go does not post into it beside its new owner.
 */
public final class CommandLease {
  private static final ThreadLocal<BooleanSupplier> CURRENT = new ThreadLocal<>();
  private static final BooleanSupplier HELD = () -> true;

  /** The call was not made: the command moved to another instance. Never retried. */
  public static final class Lost extends RuntimeException {
    Lost(String what) {
      super(what + " not tried again: the command moved to another instance");
    }
  }

  private CommandLease() {}

  /** The lease of the command handled on this thread; one always held outside a command. */
  public static BooleanSupplier current() {
    BooleanSupplier lease = CURRENT.get();
    return lease == null ? HELD : lease;
  }

  /** Runs {@code work} under {@code lease} (null: none), restoring what was current before. */
  public static <T> T with(BooleanSupplier lease, Supplier<T> work) {
    BooleanSupplier before = CURRENT.get();
    set(lease);
    try {
      return work.get();
    } finally {
      set(before);
    }
  }

  private static void set(BooleanSupplier lease) {
    if (lease == null || lease == HELD) {
      CURRENT.remove();
    } else {
      CURRENT.set(lease);
    }
  }
}
