package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportedOrder;
import com.example.orderservice.platform.DatabaseFailures;

/**
 * Words a person can act on for an order the database refused although it passed the rules, chosen
 * by SQLState; they never carry SQL, class names or the driver's message.
 */
final class RefusalReasons {

  private RefusalReasons() {}

  static String of(ImportedOrder item, Throwable failure) {
    String state = failure == null ? "" : DatabaseFailures.sqlState(failure).orElse("");
    String what =
        switch (state) {
          case "23505" -> duplicate(item);
          case "22001" -> "a value is longer than the service can store";
          case "22003" -> "a number is larger than the service can store";
          case "22021", "22P05", "22023" ->
              "a value holds a character the service cannot store (such as NUL)";
          default ->
              state.startsWith("22") || state.startsWith("23")
                  ? "a value is outside what the service can store"
                  : "it could not be saved";
        };
    return "the order was not created: " + what;
  }

  private static String duplicate(ImportedOrder item) {
    String ref = item.source().orderRef();
    return ref == null
        ? "it duplicates an order saved at the same time"
        : "order_ref "
            + ref
            + " of this customer was imported at the same time by another import; it is not"
            + " created twice";
  }
}
