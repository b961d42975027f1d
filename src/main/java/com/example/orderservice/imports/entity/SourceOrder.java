package com.example.orderservice.imports.entity;

import com.example.orderservice.orders.entity.NewOrder;
import java.util.List;

/**
 * One order as read from an import's file, before the order rules are checked: its customer number,
 * the lines it came from (one per item, for error reports), the order if its rows could be read,
 * and the problems found while reading them.
 *
 * @param rows how many records of the file it consumed: the checkpoint moves on by this much
 */
public record SourceOrder(
    String orderRef, List<Long> itemLines, NewOrder order, List<RejectedRow> problems, int rows) {

  public long firstLine() {
    return itemLines.get(0);
  }

  /** {@code 2-4}, or {@code 7} for a single line. */
  public String sourceLines() {
    long first = itemLines.get(0);
    long last = itemLines.get(itemLines.size() - 1);
    return first == last ? String.valueOf(first) : first + "-" + last;
  }
}
