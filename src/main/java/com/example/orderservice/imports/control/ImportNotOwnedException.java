package com.example.orderservice.imports.control;

import jakarta.ejb.ApplicationException;

/**
 * This instance no longer owns the import (another took it over, or it was stopped): its job must
 * save nothing more and end.
 */
@ApplicationException(rollback = true)
public class ImportNotOwnedException extends RuntimeException {

  public ImportNotOwnedException(long importId) {
    super("import " + importId + " is no longer run by this instance");
  }
}
