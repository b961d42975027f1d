package com.example.orderservice.outbox.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link OutboxStatus} by its lower-case name, as the admin API shows it. */
// Not a shared generic base class for both status columns: EclipseLink reads the column type from
// the converter's own AttributeConverter<X, Y> and gets it wrong through a superclass
// (eclipse-ee4j/eclipselink#2060).
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
