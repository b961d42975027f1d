package com.example.orderservice.platform.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Records in the runtime's MicroProfile Metrics application registry, which the server serves in
 * Prometheus format at {@code /metrics} (Payara: {@code /metrics?scope=application}).
 */
@ApplicationScoped
public class MicroProfileMetrics implements MetricsBackend {

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  @Override
  public void count(String name, String description, long amount, String[] tag) {
    registry.counter(metadata(name, description), tags(tag)).inc(amount);
  }

  @Override
  public void gauge(String name, String description, Supplier<Number> value, String[] tag) {
    registry.gauge(metadata(name, description), value, tags(tag));
  }

  private static Metadata metadata(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description).build();
  }

  private static Tag[] tags(String[] tag) {
    return tag.length == 0 ? new Tag[0] : new Tag[] {new Tag(tag[0], tag[1])};
  }
}
