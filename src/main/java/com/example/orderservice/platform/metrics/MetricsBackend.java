package com.example.orderservice.platform.metrics;

import java.time.Duration;
import java.util.function.Supplier;

/** Where {@link Metrics} records: the runtime's metrics system. */
public interface MetricsBackend {

  /** {@code tag} is empty or pairs of a name and its value. */
  void count(String name, String description, long amount, String[] tag);

  void gauge(String name, String description, Supplier<Number> value, String[] tag);

  /** Records one duration in the timer {@code name} (count, sum, max and quantiles). */
  void time(String name, String description, Duration duration, String[] tag);
}
