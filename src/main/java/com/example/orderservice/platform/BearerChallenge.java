package com.example.orderservice.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Puts the API's answer shape on the platform's refusal of a bad bearer token: the runtime's
 * MicroProfile JWT mechanism checks every token (signature, algorithm, expiry, issuer, audience),
 * and where it would answer a bare 401 with the server's HTML error page, this answers a 401
 * problem document with a Bearer challenge. It checks nothing itself.
 */
// The runtime registers its mechanism as a bean of @LoginConfig(authMethod = "MP-JWT"); this
// alternative is the one Jakarta Security resolves, and hands every request to that bean. Where
// the runtime checks tokens outside Jakarta Security (WildFly's Elytron), there is no such bean and
// this does nothing.
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class BearerChallenge implements HttpAuthenticationMechanism {

  /** The challenge of every 401 of the API (RFC 6750). */
  public static final String SCHEME = "Bearer";

  static final String MISSING = "The call needs a bearer token; it is missing.";
  static final String INVALID = "The bearer token is invalid or expired.";

  @Inject BeanManager beans;

  private volatile HttpAuthenticationMechanism runtimeMechanism;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    HttpAuthenticationMechanism checker = platform();
    if (checker == null) {
      return context.doNothing();
    }
    return checker.validateRequest(
        request,
        response,
        new HttpMessageContextWrapper(context) {
          @Override
          public AuthenticationStatus responseUnauthorized() {
            refuse(request, response);
            return AuthenticationStatus.SEND_FAILURE;
          }
        });
  }

  @Override
  public AuthenticationStatus secureResponse(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    HttpAuthenticationMechanism checker = platform();
    return checker == null
        ? AuthenticationStatus.SUCCESS
        : checker.secureResponse(request, response, context);
  }

  @Override
  public void cleanSubject(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    HttpAuthenticationMechanism checker = platform();
    if (checker != null) {
      checker.cleanSubject(request, response, context);
    }
  }

  private static void refuse(HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", SCHEME);
    response.setContentType(ProblemDetails.MEDIA_TYPE + ";charset=UTF-8");
    byte[] body =
        ProblemDetails.json(401, "Unauthorized", INVALID, request.getRequestURI(), List.of())
            .getBytes(StandardCharsets.UTF_8);
    try {
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runtime's own mechanism: every other bean of the type. */
  private HttpAuthenticationMechanism platform() {
    if (runtimeMechanism == null) {
      Bean<?> bean =
          beans.getBeans(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE).stream()
              .filter(b -> !BearerChallenge.class.equals(b.getBeanClass()))
              .findFirst()
              .orElse(null);
      if (bean == null) {
        return null;
      }
      runtimeMechanism =
          (HttpAuthenticationMechanism)
              beans.getReference(
                  bean, HttpAuthenticationMechanism.class, beans.createCreationalContext(bean));
    }
    return runtimeMechanism;
  }
}
