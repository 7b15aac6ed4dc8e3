package io.baton.ingress;

import io.baton.ingress.guard.IngressGuards;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Runs the ingress from environment variables (see {@link IngressConfig#fromEnv}, {@link IngressGuards#fromEnv} and
 * {@link KafkaSettings#fromEnv}). */
public final class IngressMain {
  /**
   * Test only: with exactly {@value #CRASH_AFTER_ACK_VALUE}, the process halts (exit 137) right after Kafka
   * acknowledges the first router input it writes and before answering, as a crash there would. Any other value is a
   * start-up error, so it cannot be set by accident to something that looks harmless; never set it in a deployment.
   */
  static final String CRASH_AFTER_ACK = "BATON_TEST_CRASH_AFTER_ACK";
  static final String CRASH_AFTER_ACK_VALUE = "halt-after-kafka-ack";

  private IngressMain() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    IngressService ingress = new IngressService(IngressConfig.fromEnv(env), KafkaSettings.fromEnv(env),
        IngressGuards.fromEnv(env));
    String crash = env.get(CRASH_AFTER_ACK);
    if (crash != null) {
      if (!crash.equals(CRASH_AFTER_ACK_VALUE)) {
        throw new IllegalArgumentException(CRASH_AFTER_ACK + " is a test-only crash point; its only value is "
            + CRASH_AFTER_ACK_VALUE + " (unset it)");
      }
      LoggerFactory.getLogger(IngressMain.class).error("{} is set: this process halts after the first router input"
          + " Kafka acknowledges, before answering. For tests only.", CRASH_AFTER_ACK);
      ingress.haltAfterAckForTests();
    }
    Service.runUntilShutdown(new OperationsPort(env), ingress);
  }
}
