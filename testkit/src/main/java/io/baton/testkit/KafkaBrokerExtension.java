package io.baton.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a real Kafka broker: declare a {@link KafkaBroker} parameter on a test method,
 * constructor or {@code @BeforeAll} method of a class annotated {@code @ExtendWith(KafkaBrokerExtension.class)}.
 * The broker starts once per test JVM (a few seconds) and stops when the JVM's tests are done.
 */
public final class KafkaBrokerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker(context);
  }

  public static KafkaBroker broker(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("broker", k -> new SharedBroker(KafkaBroker.start()), SharedBroker.class).broker;
  }

  /** Closed by JUnit when the root context closes, after every test class of the run. */
  private record SharedBroker(KafkaBroker broker) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      broker.close();
    }
  }
}
