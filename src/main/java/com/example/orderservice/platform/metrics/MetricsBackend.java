package com.example.orderservice.platform.metrics;

import java.util.function.Supplier;

/** Where {@link Metrics} records: the runtime's metrics system. */
public interface MetricsBackend {

  /** {@code tag} is empty or one name and its value. */
  void count(String name, String description, long amount, String[] tag);

  void gauge(String name, String description, Supplier<Number> value, String[] tag);
}
