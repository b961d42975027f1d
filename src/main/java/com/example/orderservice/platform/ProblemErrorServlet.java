package com.example.orderservice.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The error page of the web application (web.xml): writes the errors the servlet container makes
 * itself (unknown path, method it does not implement, a failure outside JAX-RS) as RFC 9457
 * problems, like every answer of the API, instead of the container's HTML page.
 */
public class ProblemErrorServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean errorDispatch = request.getDispatcherType() == DispatcherType.ERROR;
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // Asked for directly, this page is just another unknown path.
    int status = errorDispatch && code instanceof Integer given && given >= 400 ? given : 404;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = errorDispatch && uri != null ? uri.toString() : request.getRequestURI();
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known != null ? known.getReasonPhrase() : "Error";
    String body = ProblemDetails.json(status, title, detail(status), path, List.of());
    response.setStatus(status);
    if (status == 401 && response.getHeader("WWW-Authenticate") == null) {
      // RFC 6750: WildFly's token check refuses a bad token with a bare 401; name the scheme.
      response.setHeader("WWW-Authenticate", BearerChallenge.SCHEME);
    }
    response.setContentType(ProblemDetails.MEDIA_TYPE + ";charset=UTF-8");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** Fixed words per status: the container's own message may name classes or paths. */
  static String detail(int status) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 404 -> "No resource at this path.";
      case 405 -> "This path does not accept that HTTP method.";
      case 406 -> "The API answers with application/json only.";
      case 411 -> "The request needs a Content-Length.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request URI is too long.";
      case 415 -> "Send the body as application/json.";
      case 501 -> "The service does not implement this HTTP method.";
      case 503 -> "The service is unavailable right now; try again in a few seconds.";
      default ->
          status >= 500
              ? "The service failed unexpectedly; the failure is logged."
              : "The request cannot be answered.";
    };
  }
}
