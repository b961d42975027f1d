package com.example.orderservice.platform;

/** The two roles of security.md, as the {@code groups} claim of a bearer token names them. */
public final class Roles {

  /** The shop's backend: creates single orders, reads them, cancels them. */
  public static final String STOREFRONT = "storefront";

  /** Staff and their tools: everything, including status changes, imports and the admin API. */
  public static final String OPERATOR = "operator";

  private Roles() {}
}
