package com.example.orderservice.platform.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
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

  @Override
  public void time(String name, String description, Duration duration, String[] tag) {
    registry.timer(timerMetadata(name, description), tags(tag)).update(duration);
  }

  private static Metadata metadata(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description).build();
  }

  // Timers record nanoseconds; with the unit said, the Prometheus output is in seconds.
  private static Metadata timerMetadata(String name, String description) {
    return Metadata.builder()
        .withName(name)
        .withDescription(description)
        .withUnit(MetricUnits.NANOSECONDS)
        .build();
  }

  private static Tag[] tags(String[] tag) {
    Tag[] tags = new Tag[tag.length / 2];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = new Tag(tag[2 * i], tag[2 * i + 1]);
    }
    return tags;
  }
}
