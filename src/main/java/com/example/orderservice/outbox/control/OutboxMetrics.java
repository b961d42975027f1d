package com.example.orderservice.outbox.control;

import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.outbox.entity.OutboxStatus;
import com.example.orderservice.platform.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Gauges of what the outbox holds: rows pending and dead by kind, the oldest pending row's age, and
 * refunds that need attention. One query serves all of them, at most every few seconds.
 */
@ApplicationScoped
public class OutboxMetrics {

  // Scrapes come every 15-60 s; a few seconds of staleness costs nothing and spares the database.
  private static final Duration FRESH_FOR = Duration.ofSeconds(5);

  @Inject OutboxStore store;
  @Inject Metrics metrics;

  private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, List.of());

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    for (OutboxMessage.Kind kind : OutboxMessage.Kind.values()) {
      String name = kind.name().toLowerCase(Locale.ROOT);
      metrics.gauge(
          "outbox_pending",
          "Outbox rows waiting to be delivered",
          () -> count(kind, OutboxStatus.PENDING),
          "kind",
          name);
      metrics.gauge(
          "outbox_dead",
          "Outbox rows that gave up (an operator may retry them)",
          () -> count(kind, OutboxStatus.DEAD),
          "kind",
          name);
      metrics.gauge(
          "outbox_oldest_pending_seconds",
          "Age of the oldest pending outbox row",
          () -> oldest(kind),
          "kind",
          name);
    }
    metrics.gauge(
        "refunds_needing_attention",
        "Refunds that failed the configured attempts and are still retried",
        this::refundsNeedingAttention);
  }

  private long count(OutboxMessage.Kind kind, OutboxStatus status) {
    return rows().stream()
        .filter(r -> kind.name().equals(r[0]) && status.jsonName().equals(r[1]))
        .mapToLong(r -> ((Number) r[2]).longValue())
        .sum();
  }

  private double oldest(OutboxMessage.Kind kind) {
    return rows().stream()
        .filter(r -> kind.name().equals(r[0]) && OutboxStatus.PENDING.jsonName().equals(r[1]))
        .mapToDouble(r -> ((Number) r[3]).doubleValue())
        .max()
        .orElse(0);
  }

  private long refundsNeedingAttention() {
    return rows().stream()
        .filter(r -> OutboxStatus.PENDING.jsonName().equals(r[1]))
        .mapToLong(r -> ((Number) r[4]).longValue())
        .sum();
  }

  private List<Object[]> rows() {
    Snapshot current = snapshot;
    if (current.takenAt().plus(FRESH_FOR).isBefore(Instant.now())) {
      current = new Snapshot(Instant.now(), store.stats());
      snapshot = current;
    }
    return current.rows();
  }

  private record Snapshot(Instant takenAt, List<Object[]> rows) {}
}
