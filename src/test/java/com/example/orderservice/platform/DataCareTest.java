package com.example.orderservice.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orderservice.platform.peers.PeerFailures;
import com.example.orderservice.platform.peers.PeerRejectedException;
import com.example.orderservice.platform.peers.PeerUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The data rules of security.md that hold for text leaving the service. */
class DataCareTest {

  @Test
  void answersNameNoClassesAndNoFilePaths() {
    assertThat(
            PublicText.forAnswer(
                "Cannot create instance of class com.example.orderservice.orders.entity.NewOrder"))
        .isEqualTo("Cannot create instance of class (internal type)")
        .doesNotContain("com.example");
    assertThat(PublicText.forAnswer("cannot read /var/lib/order-imports/41.csv: gone"))
        .isEqualTo("cannot read (file): gone");
    assertThat(PublicText.forAnswer("POST /api/v1/orders/batch takes at most 10000 orders"))
        .isEqualTo("POST /api/v1/orders/batch takes at most 10000 orders");
    assertThat(PublicText.forAnswer("unit_price must be at least 0.00 for USD."))
        .isEqualTo("unit_price must be at least 0.00 for USD.");
  }

  @Test
  void logLinesMaskEMailAddressesInMessagesAndCauses() {
    RuntimeException failure =
        new IllegalStateException(
            "save failed",
            new IllegalArgumentException("Key (customer_email)=(tanaka@example.co.jp) exists"));
    Throwable masked = PublicText.forLog(failure);
    StringWriter printed = new StringWriter();
    masked.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString())
        .doesNotContain("tanaka@example.co.jp")
        .contains("(e-mail)", "java.lang.IllegalStateException: save failed")
        .contains("DataCareTest");
    assertThat(PublicText.forLog("mail to ann.lee+x@mail.example.com failed"))
        .isEqualTo("mail to (e-mail) failed");
  }

  @Test
  void csvCellsThatASpreadsheetWouldRunAreText() {
    for (String formula : new String[] {"=1+2", "+81 3", "-2", "@SUM(A1)", "\tx", "\rx"}) {
      assertThat(CsvCells.neutralise(formula)).isEqualTo("'" + formula);
    }
    assertThat(CsvCells.neutralise("A-1003")).isEqualTo("A-1003");
    assertThat(CsvCells.neutralise("")).isEqualTo("");
    assertThat(CsvCells.neutralise(7)).isEqualTo(7);
    assertThat(CsvCells.neutralise(null)).isNull();
  }

  @Test
  void aPeerFailureIsNamedWithoutThePeersOwnText() {
    assertThat(PeerFailures.describe(new PeerRejectedException(422, "card 4242 declined: <html>")))
        .isEqualTo("it refused the request with status 422");
    assertThat(
            PeerFailures.describe(new PeerUnavailableException("peer answered 503: stack…", null)))
        .isEqualTo("it is unavailable");
  }
}
