package com.example.orderservice.imports.entity;

import com.example.orderservice.orders.entity.NewOrder;
import java.util.List;

/**
 * A source order after the rules were checked: {@code order} is set when it may be created, {@code
 * rejections} list why not otherwise.
 */
public record ImportedOrder(SourceOrder source, NewOrder order, List<RejectedRow> rejections) {

  public boolean accepted() {
    return rejections.isEmpty();
  }
}
