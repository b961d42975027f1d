package com.example.orderservice.outbox.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link OutboxStatus} by its lower-case name, as the admin API shows it. */
@Converter
public class OutboxStatusColumn implements AttributeConverter<OutboxStatus, String> {

  @Override
  public String convertToDatabaseColumn(OutboxStatus status) {
    return status == null ? null : status.jsonName();
  }

  @Override
  public OutboxStatus convertToEntityAttribute(String stored) {
    return stored == null
        ? null
        : OutboxStatus.ofJsonName(stored)
            .orElseThrow(() -> new IllegalStateException("unknown outbox status " + stored));
  }
}
