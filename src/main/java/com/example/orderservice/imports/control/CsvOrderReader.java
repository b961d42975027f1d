package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.RejectedRow;
import com.example.orderservice.imports.entity.SourceOrder;
import com.example.orderservice.orders.control.OrderValidator;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.platform.ClientMessages;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an import's CSV file as a stream (Apache Commons CSV, RFC 4180, any charset, a UTF-8 BOM
 * skipped) and hands out one {@link SourceOrder} per run of rows with the same {@code order_ref}.
 * Memory holds one order at a time, whatever the size of the file.
 */
public final class CsvOrderReader implements AutoCloseable {

  public static final List<String> REQUIRED =
      List.of(
          "order_ref", "customer_email", "customer_name", "product_name", "quantity", "unit_price");
  public static final String CURRENCY = "currency";
  static final int MAX_REF_LENGTH = 64;

  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final Map<String, Integer> columns;
  private final List<String> warnings = new ArrayList<>();
  private CSVRecord next;

  private CsvOrderReader(CSVParser parser) {
    this.parser = parser;
    this.records = parser.iterator();
    this.columns = new TreeMap<>();
    parser
        .getHeaderMap()
        .forEach((name, index) -> columns.put(name.trim().toLowerCase(Locale.ROOT), index));
    Set<String> known = new LinkedHashSet<>(REQUIRED);
    known.add(CURRENCY);
    for (String name : parser.getHeaderNames()) {
      String key = name.trim().toLowerCase(Locale.ROOT);
      if (!known.contains(key)) {
        warnings.add("unknown column '" + name.trim() + "' ignored");
      }
    }
  }

  /**
   * Reads the file {@code in} delivers and checks its header.
   *
   * @throws ImportFileException when the header lacks a required column or the file is unreadable
   */
  public static CsvOrderReader open(InputStream in, Charset charset) {
    try {
      Reader reader = new InputStreamReader(skipBom(in), charset);
      CSVParser parser =
          CSVFormat.RFC4180
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .setIgnoreEmptyLines(true)
              .setAllowMissingColumnNames(true)
              .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_EMPTY)
              .get()
              .parse(reader);
      CsvOrderReader csv = new CsvOrderReader(parser);
      List<String> missing = REQUIRED.stream().filter(c -> !csv.columns.containsKey(c)).toList();
      if (missing.isEmpty()) {
        return csv;
      }
      csv.close();
      throw new ImportFileException(
          "the header row lacks the required column(s) " + String.join(", ", missing));
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new ImportFileException(
          "the file is not readable CSV: " + ClientMessages.withoutJavaTypes(e.getMessage()));
    }
  }

  private static InputStream skipBom(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 65536);
    buffered.mark(3);
    byte[] head = buffered.readNBytes(3);
    if (!(head.length == 3
        && (head[0] & 0xFF) == 0xEF
        && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF)) {
      buffered.reset();
    }
    return buffered;
  }

  public List<String> warnings() {
    return warnings;
  }

  /** Moves past the first {@code rows} records (the part a previous run committed). */
  public void skip(long rows) {
    for (long i = 0; i < rows && hasNextRecord(); i++) {
      nextRecord();
    }
  }

  /** The next order, or null at the end of the file. */
  public SourceOrder nextOrder() {
    if (!hasNextRecord()) {
      return null;
    }
    List<CSVRecord> rows = new ArrayList<>();
    rows.add(nextRecord());
    String ref = value(rows.get(0), "order_ref");
    while (hasNextRecord() && Objects.equals(ref, value(peek(), "order_ref")) && !ref.isEmpty()) {
      rows.add(nextRecord());
    }
    return toOrder(ref, rows);
  }

  /** Counts the records left, reading the file once (used for {@code total_rows}). */
  public int countRemaining() {
    int count = 0;
    while (hasNextRecord()) {
      nextRecord();
      count++;
    }
    return count;
  }

  private SourceOrder toOrder(String ref, List<CSVRecord> rows) {
    List<RejectedRow> problems = new ArrayList<>();
    List<Long> lines = rows.stream().map(CsvOrderReader::line).toList();
    CSVRecord first = rows.get(0);
    if (ref.isEmpty()) {
      problems.add(new RejectedRow(line(first), null, "order_ref", "order_ref is required"));
    } else {
      ImportRules.checkRef(line(first), ref).ifPresent(problems::add);
    }
    String email = value(first, "customer_email");
    String name = value(first, "customer_name");
    String currency = value(first, CURRENCY);
    List<NewOrder.Item> items = new ArrayList<>();
    for (CSVRecord row : rows) {
      if (!row.isConsistent()) {
        problems.add(
            new RejectedRow(
                line(row), ref, null, "the row has " + row.size() + " fields, the header more"));
      }
      for (String column : List.of("customer_email", "customer_name", CURRENCY)) {
        String expected = value(first, column);
        if (!expected.equals(value(row, column))) {
          problems.add(
              new RejectedRow(
                  line(row),
                  ref,
                  column,
                  column
                      + " '"
                      + value(row, column)
                      + "' differs from '"
                      + expected
                      + "' on line "
                      + line(first)
                      + "; all rows of one order must agree"));
        }
      }
      items.add(
          new NewOrder.Item(
              value(row, "product_name").isEmpty() ? null : value(row, "product_name"),
              quantity(row, ref, problems),
              price(row, ref, problems)));
    }
    NewOrder order =
        new NewOrder(
            email.isEmpty() ? null : email,
            name.isEmpty() ? null : name,
            items,
            currency.isEmpty() ? OrderValidator.DEFAULT_CURRENCY : currency);
    return new SourceOrder(ref, lines, order, problems, rows.size());
  }

  private Integer quantity(CSVRecord row, String ref, List<RejectedRow> problems) {
    String text = value(row, "quantity");
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      problems.add(
          new RejectedRow(
              line(row), ref, "quantity", "quantity '" + text + "' is not a whole number"));
      return 1;
    }
  }

  private BigDecimal price(CSVRecord row, String ref, List<RejectedRow> problems) {
    String text = value(row, "unit_price");
    if (text.isEmpty()) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      problems.add(
          new RejectedRow(
              line(row),
              ref,
              "unit_price",
              "unit_price '" + text + "' is not a decimal number like 1500 or 12.50"));
      return BigDecimal.ZERO;
    }
  }

  private String value(CSVRecord row, String column) {
    Integer index = columns.get(column);
    return index == null || index >= row.size() ? "" : row.get(index).trim();
  }

  /** The file line a record starts on (the header is line 1). */
  private static long line(CSVRecord row) {
    return row.getRecordNumber() + 1;
  }

  private boolean hasNextRecord() {
    try {
      return next != null || records.hasNext();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new ImportFileException(
          "the file is not readable CSV: " + ClientMessages.withoutJavaTypes(e.getMessage()));
    }
  }

  private CSVRecord peek() {
    if (next == null) {
      next = records.next();
    }
    return next;
  }

  private CSVRecord nextRecord() {
    CSVRecord record = peek();
    next = null;
    return record;
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
