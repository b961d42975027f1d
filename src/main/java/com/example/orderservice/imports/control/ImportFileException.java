package com.example.orderservice.imports.control;

/** The import's file as a whole cannot be processed (no usable header, not CSV): it fails. */
public class ImportFileException extends RuntimeException {

  public ImportFileException(String message) {
    super(message);
  }
}
