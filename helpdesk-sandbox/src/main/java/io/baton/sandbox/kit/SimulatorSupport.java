package io.baton.sandbox.kit;

import io.javalin.Javalin;

/**
 * What every simulator has besides its own API: its name, its {@link ApiFaults} (served at
 * {@code /sandbox/<name>/faults}). A simulator registers its API routes in {@link #registerApi}.
 */
public abstract class SimulatorSupport implements Simulator {
  private final String name;
  private final ApiFaults faults = new ApiFaults();

  protected SimulatorSupport(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /** Faults on demand for its API. */
  public final ApiFaults faults() {
    return faults;
  }

  @Override
  public final void register(Javalin app) {
    registerApi(app);
    faults.serve(app, "/sandbox/" + name + "/faults");
  }

  /** The simulator's own routes: the vendor API and whatever else it serves. */
  protected abstract void registerApi(Javalin app);
}
