package com.example.orderservice.platform.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The application's counters, gauges and timers, by name and optional tags; what the runtime's
 * metrics endpoint shows them through is a {@link MetricsBackend}. Where the runtime has none, they
 * are not recorded and nothing else changes.
 */
// The indirection keeps MicroProfile Metrics types out of every class but one: a runtime without
// MP Metrics (WildFly 30+ uses Micrometer) then only skips that one bean.
@ApplicationScoped
public class Metrics {

  private static final MetricsBackend NONE =
      new MetricsBackend() {
        @Override
        public void count(String name, String description, long amount, String[] tag) {}

        @Override
        public void gauge(String name, String description, Supplier<Number> value, String[] tag) {}

        @Override
        public void time(String name, String description, Duration duration, String[] tag) {}
      };

  @Inject Instance<MetricsBackend> backends;

  private volatile MetricsBackend backend;

  /**
   * Adds one to the counter {@code name} ({@code tag}: pairs of a name and a value, or nothing).
   */
  public void count(String name, String description, String... tag) {
    count(name, description, 1, tag);
  }

  public void count(String name, String description, long amount, String... tag) {
    backend().count(name, description, amount, tag);
  }

  /** Registers a gauge read from {@code value} whenever the metrics are scraped. */
  public void gauge(String name, String description, Supplier<Number> value, String... tag) {
    backend().gauge(name, description, value, tag);
  }

  /** Records how long one call took in the timer {@code name}. */
  public void time(String name, String description, Duration duration, String... tag) {
    backend().time(name, description, duration, tag);
  }

  private MetricsBackend backend() {
    if (backend == null) {
      backend = backends.isResolvable() ? backends.get() : NONE;
    }
    return backend;
  }
}
