package com.example.orderservice.orders.entity;

import com.example.orderservice.platform.Caller;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One line of an order's history: a status change, or a note, why it happened and who did it. */
@Entity
@Table(name = "order_history")
public class OrderHistoryEntry {

  // A sequence, not IDENTITY: ids are drawn when an entry is persisted, in the order the entries
  // were written, so ORDER BY id is the order of events even within one transaction.
  @Id
  @SequenceGenerator(
      name = "order_history_id",
      sequenceName = "order_history_id_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_history_id")
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "order_id", nullable = false)
  private Order order;

  @Enumerated(EnumType.STRING)
  @Column(name = "from_status")
  private OrderStatus fromStatus;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_status", nullable = false)
  private OrderStatus toStatus;

  @Column(nullable = false)
  private String event;

  private String reason;

  @Column(nullable = false)
  private Instant at;

  /** Who caused it (security.md); {@code by} in the API. */
  private String actor;

  protected OrderHistoryEntry() {}

  OrderHistoryEntry(Order order, OrderStatus from, OrderStatus to, String event, String reason) {
    this.order = order;
    this.fromStatus = from;
    this.toStatus = to;
    this.event = event;
    this.reason = reason;
    this.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  // Taken when the entry is written, on the thread of the change: the caller of the request, or
  // the system for background work. Set here so no flow has to pass the caller along.
  @PrePersist
  void attribute() {
    if (actor == null) {
      actor = Caller.current();
    }
  }

  public String getActor() {
    return actor;
  }

  public OrderStatus getFromStatus() {
    return fromStatus;
  }

  public OrderStatus getToStatus() {
    return toStatus;
  }

  public String getEvent() {
    return event;
  }

  public String getReason() {
    return reason;
  }

  public Instant getAt() {
    return at;
  }
}
