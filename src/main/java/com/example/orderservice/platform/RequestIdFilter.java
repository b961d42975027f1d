package com.example.orderservice.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Gives every request an id (the caller's {@code X-Request-Id} or a new one) and echoes it. */
// A servlet filter rather than a JAX-RS one: it also covers the container's own error answers and
// the console's static files, and the header is set before anything can commit the response.
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestIdFilter extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String id = RequestIds.acceptOrMake(request.getHeader(RequestIds.HEADER));
    response.setHeader(RequestIds.HEADER, id);
    RequestIds.set(id);
    try {
      chain.doFilter(request, response);
    } finally {
      // Threads are pooled: a later request must not log under this id.
      RequestIds.clear();
    }
  }
}
