package com.example.orderservice.platform;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who the current request acts for, as the history and the imports record it: the bearer token's
 * {@code upn}, else its {@code sub}; or the name a boundary without a token acts under (the payment
 * webhook); {@value #SYSTEM} for work no caller started (reconciliation, the outbox relay, import
 * jobs).
 */
@RequestScoped
public class Caller {

  public static final String SYSTEM = "system";

  @Inject JsonWebToken token;

  private String actingAs;

  // The token's name, once worked out for this request ("" when it names nobody).
  private String tokenName;

  private static volatile Caller proxy;

  /** For a boundary that authenticates its caller itself (a signature instead of a token). */
  public void actAs(String name) {
    this.actingAs = name;
  }

  public String name() {
    if (tokenName == null) {
      tokenName = fromToken();
    }
    if (!tokenName.isEmpty()) {
      return tokenName;
    }
    return actingAs != null ? actingAs : SYSTEM;
  }

  private String fromToken() {
    if (token != null) {
      String upn = token.getClaim(Claims.upn.name());
      if (upn != null && !upn.isBlank()) {
        return upn;
      }
      if (token.getSubject() != null && !token.getSubject().isBlank()) {
        return token.getSubject();
      }
    }
    return "";
  }

  /**
   * The current caller's name, from anywhere (an entity callback, a background thread): outside a
   * request there is no caller, and the work is the system's.
   */
  public static String current() {
    // RequestIdFilter marks every thread that serves a request, whose request context is then
    // active; any other thread is background work. Asking CDI instead (CDI.current() walks the
    // stack on Payara, a missing context throws) cost 7 % of the CPU of a created order.
    if (RequestIds.current() == null) {
      return SYSTEM;
    }
    Caller caller = proxy;
    if (caller == null) {
      caller = CDI.current().select(Caller.class).get();
      proxy = caller; // the client proxy: the same for every request
    }
    try {
      return caller.name();
    } catch (ContextNotActiveException noRequest) {
      return SYSTEM;
    }
  }
}
