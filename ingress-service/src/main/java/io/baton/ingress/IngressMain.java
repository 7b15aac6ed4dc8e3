package io.baton.ingress;

import io.baton.service.Service;
import io.baton.topics.KafkaSettings;

/** Runs the ingress from environment variables (see {@link IngressConfig#fromEnv} and {@link KafkaSettings#fromEnv}). */
public final class IngressMain {
  private IngressMain() {}

  public static void main(String[] args) {
    Service.runUntilShutdown(new IngressService(IngressConfig.fromEnv(System.getenv()),
        KafkaSettings.fromEnv(System.getenv())));
  }
}
