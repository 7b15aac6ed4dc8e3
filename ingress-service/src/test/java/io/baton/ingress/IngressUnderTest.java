package io.baton.ingress;

import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One ingress per test class on the JVM's shared broker, configured as {@link TestKeys#config()}: declare
 * {@code @RegisterExtension static final IngressUnderTest INGRESS = new IngressUnderTest();}. It is started before the
 * class's {@code @BeforeAll} methods run and stopped after its {@code @AfterAll} methods.
 */
final class IngressUnderTest implements BeforeAllCallback, AfterAllCallback {
  private final IngressConfig config;
  private IngressService service;

  IngressUnderTest() {
    this(TestKeys.config());
  }

  IngressUnderTest(IngressConfig config) {
    this.config = config;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    service = new IngressService(config,
        KafkaSettings.of(KafkaBrokerExtension.broker(context).bootstrapServers()));
    service.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    service.stop();
  }

  IngressService service() {
    return service;
  }
}
