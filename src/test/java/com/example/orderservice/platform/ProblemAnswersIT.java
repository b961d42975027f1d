package com.example.orderservice.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestTokens;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, finding 9: every error answer is application/problem+json, also those the container
 * makes itself, which only raw HTTP (a socket) can provoke exactly.
 */
class ProblemAnswersIT extends ServiceIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  /** A raw HTTP answer: status, headers (lower-case names) and body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  @Test
  void anUnknownPathIsA404Problem() {
    assertProblem(send("GET /no/such/path HTTP/1.1\r\n", ""), 404);
    assertProblem(send("GET /api/v1/no-such-resource HTTP/1.1\r\n", ""), 404);
  }

  @Test
  void theErrorPageItselfIsJustAnotherUnknownPath() {
    assertProblem(send("GET /error-problem HTTP/1.1\r\n", ""), 404);
  }

  @Test
  void aMethodNoServletImplementsIsA501Problem() {
    assertProblem(send("PATCH /no/such/path HTTP/1.1\r\n", ""), 501);
  }

  @Test
  void aMethodTheResourceDoesNotTakeIsA405ProblemWithAllow() {
    Answer answer = send("PATCH /api/v1/order-imports/x/restart HTTP/1.1\r\n", "");
    assertProblem(answer, 405);
    assertThat(answer.headers().get("allow")).contains("POST");
  }

  @Test
  void anUnacceptableAcceptIsA406Problem() {
    assertProblem(send("GET /api/v1/orders/1 HTTP/1.1\r\nAccept: application/xml\r\n", ""), 406);
  }

  @Test
  void anUnsupportedContentTypeIsA415Problem() {
    assertProblem(send("POST /api/v1/orders/ HTTP/1.1\r\nContent-Type: text/plain\r\n", "{}"), 415);
  }

  @Test
  void aBodyWithATrailingNulAndNoContentTypeIsAProblem() {
    Answer answer = send("POST /api/v1/orders/batch HTTP/1.1\r\n", "{\"orders\": [}\u0000");
    assertProblem(answer, 400);
    Answer order = send("POST /api/v1/orders/ HTTP/1.1\r\n", "{\"customer_name\": \"\u0000");
    assertProblem(order, 400);
  }

  private static void assertProblem(Answer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
    JsonPath problem = JsonPath.from(answer.body());
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(answer.body())
        .doesNotContain("<html", "Exception", "java.", "com.example", "at org.");
  }

  /** Sends {@code head} (request line and headers, each ending CRLF) and the body as they are. */
  private Answer send(String head, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String request =
        head
            + "Host: "
            + base.getHost()
            + "\r\nConnection: close\r\n"
            // An operator may call everything: what is tested here is the error's form, not access.
            + "Authorization: Bearer "
            + TestTokens.operator()
            + "\r\n"
            + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "")
            + "\r\n";
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String raw = all.toString(StandardCharsets.UTF_8);
    int end = raw.indexOf("\r\n\r\n");
    String[] lines = raw.substring(0, end).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
  }
}
