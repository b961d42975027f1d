package com.example.orderservice.payments.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A webhook event the service has handled; a second delivery of it changes nothing. */
@Entity
@Table(name = "processed_webhook_events")
public class ProcessedWebhookEvent {

  @Id
  @Column(name = "event_id")
  private String eventId;

  @Column(name = "order_id", nullable = false)
  private long orderId;

  @Column(nullable = false)
  private String status;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  protected ProcessedWebhookEvent() {}

  public ProcessedWebhookEvent(String eventId, long orderId, String status) {
    this.eventId = eventId;
    this.orderId = orderId;
    this.status = status;
    this.receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public String getEventId() {
    return eventId;
  }
}
