package com.example.orderservice.platform;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Last line of defence: logs a failure nobody planned for and answers a 500 problem without leaking
 * internals. An {@link ApiProblem} wrapped by the container is unwrapped first; an unreachable
 * database is a 503 with {@code Retry-After}, since the client can and should try again.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  /** How long a client should wait before retrying while the database is unreachable. */
  static final int RETRY_AFTER_SECONDS = 5;

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(Exception exception) {
    String path = uriInfo.getRequestUri().getRawPath();
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiProblem problem) {
        return ProblemDetails.response(
            problem.status(), problem.title(), problem.getMessage(), path, problem.violations());
      }
      if (cause instanceof jakarta.persistence.OptimisticLockException) {
        return ProblemDetails.response(
            409,
            "Conflict",
            "The order was changed by another request at the same time; read it and try again.",
            path,
            List.of());
      }
    }
    if (DatabaseFailures.isUnavailable(exception)) {
      // Not a bug: the transaction was rolled back and the client may simply try again later.
      LOG.warning(() -> "Database unreachable on " + path + ": answered 503");
      return Response.fromResponse(
              ProblemDetails.response(
                  503,
                  "Service Unavailable",
                  "The service cannot reach its database right now; try again in a few seconds.",
                  path,
                  List.of()))
          .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
          .build();
    }
    // The full failure only at FINE: its messages may quote customer data (a refused row).
    LOG.log(Level.SEVERE, "Unexpected failure on " + path, PublicText.forLog(exception));
    LOG.log(Level.FINE, "Unexpected failure on " + path + ", unmasked", exception);
    return ProblemDetails.response(
        500,
        "Internal Server Error",
        "The service failed unexpectedly; the failure is logged.",
        path,
        List.of());
  }
}
