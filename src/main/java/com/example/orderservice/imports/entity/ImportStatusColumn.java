package com.example.orderservice.imports.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link ImportStatus} by its lower-case name, as the API shows it. */
// Not a shared generic base class for both status columns: EclipseLink reads the column type from
// the converter's own AttributeConverter<X, Y> and gets it wrong through a superclass
// (eclipse-ee4j/eclipselink#2060).
@Converter
public class ImportStatusColumn implements AttributeConverter<ImportStatus, String> {

  @Override
  public String convertToDatabaseColumn(ImportStatus status) {
    return status == null ? null : status.jsonName();
  }

  @Override
  public ImportStatus convertToEntityAttribute(String stored) {
    return stored == null ? null : ImportStatus.ofJsonName(stored);
  }
}
