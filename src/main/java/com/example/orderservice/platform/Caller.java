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

  /** For a boundary that authenticates its caller itself (a signature instead of a token). */
  public void actAs(String name) {
    this.actingAs = name;
  }

  public String name() {
    if (token != null) {
      String upn = token.getClaim(Claims.upn.name());
      if (upn != null && !upn.isBlank()) {
        return upn;
      }
      if (token.getSubject() != null && !token.getSubject().isBlank()) {
        return token.getSubject();
      }
    }
    return actingAs != null ? actingAs : SYSTEM;
  }

  /**
   * The current caller's name, from anywhere (an entity callback, a background thread): outside a
   * request there is no caller, and the work is the system's.
   */
  public static String current() {
    try {
      return CDI.current().select(Caller.class).get().name();
    } catch (ContextNotActiveException | IllegalStateException noRequest) {
      return SYSTEM;
    }
  }
}
