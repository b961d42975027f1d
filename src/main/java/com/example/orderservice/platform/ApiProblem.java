package com.example.orderservice.platform;

import jakarta.ejb.ApplicationException;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * A failure the caller should hear about as an RFC 9457 problem: its HTTP status, a short title and
 * a detail a person can act on. Thrown from any layer; it rolls back the transaction it crosses and
 * reaches the client unwrapped.
 */
@ApplicationException(rollback = true)
public class ApiProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final List<FieldViolation> violations;

  public ApiProblem(int status, String title, String detail, List<FieldViolation> violations) {
    super(detail);
    this.status = status;
    this.title = title;
    this.violations = List.copyOf(violations);
  }

  public ApiProblem(Status status, String detail) {
    this(status.getStatusCode(), status.getReasonPhrase(), detail, List.of());
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(Status.BAD_REQUEST, detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(Status.NOT_FOUND, detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(Status.CONFLICT, detail);
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(Status.UNAUTHORIZED, detail);
  }

  public static ApiProblem tooLarge(String detail) {
    return new ApiProblem(Status.REQUEST_ENTITY_TOO_LARGE, detail);
  }

  public static ApiProblem badGateway(String detail) {
    return new ApiProblem(Status.BAD_GATEWAY, detail);
  }

  public static ApiProblem serviceUnavailable(String detail) {
    return new ApiProblem(Status.SERVICE_UNAVAILABLE, detail);
  }

  /** 422: the body was well-formed JSON but broke the named rules. */
  public static ApiProblem invalid(List<FieldViolation> violations) {
    return new ApiProblem(
        422,
        "Unprocessable Content",
        "The request breaks "
            + violations.size()
            + (violations.size() == 1 ? " rule" : " rules")
            + ": "
            + violations.get(0).field()
            + " "
            + violations.get(0).message()
            + (violations.size() > 1 ? " (and more, see errors)" : ""),
        violations);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldViolation> violations() {
    return violations;
  }

  /** One broken rule, naming the JSON field it concerns (for example {@code items[0].quantity}). */
  public record FieldViolation(String field, String message) {}
}
