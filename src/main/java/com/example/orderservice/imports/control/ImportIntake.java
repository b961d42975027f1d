package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportView;
import com.example.orderservice.imports.entity.OrderImport;
import com.example.orderservice.platform.ApiProblem;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes an upload in: stores it, recognises bytes sent before (same SHA-256: the earlier import is
 * answered and nothing runs twice), records the import and starts its job.
 */
@ApplicationScoped
public class ImportIntake {

  static final int MAX_KEY_LENGTH = 255;

  @Inject ImportUploads uploads;
  @Inject ImportFiles files;
  @Inject ImportStore store;
  @Inject ImportJobs jobs;

  @Inject
  @ConfigProperty(name = "IMPORT_MAX_BATCH_ORDERS", defaultValue = "10000")
  int maxBatchOrders;

  /** How an upload was taken in. */
  public enum Outcome {
    /** A new import was recorded and started (202). */
    CREATED,
    /** The same bytes were imported before: that import is answered (200). */
    SAME_BYTES,
    /** A repeat with the same Idempotency-Key and body: the key's import is answered (202). */
    REPLAYED
  }

  /** The import and how it was taken in. */
  public record Accepted(ImportView upload, Outcome outcome) {}

  public Accepted csv(InputStream body, long length, Charset charset, String fileName) {
    return accept(uploads.receive(body, length), "csv", charset, fileName, null);
  }

  /**
   * A JSON batch: checked as a whole first, since an oversized or malformed batch is refused
   * outright.
   */
  public Accepted jsonBatch(InputStream body, long length, String idempotencyKey) {
    checkKey(idempotencyKey);
    ImportUploads.Received received = uploads.receive(body, length);
    if (idempotencyKey != null) {
      Optional<Accepted> earlier = madeWith(idempotencyKey, received);
      if (earlier.isPresent()) {
        uploads.discard(received.fileId());
        return earlier.get();
      }
    }
    int orders;
    try (JsonBatchReader reader = JsonBatchReader.open(files.reader(received.fileId()))) {
      orders = reader.countRemaining();
    } catch (ImportFileException e) {
      uploads.discard(received.fileId());
      throw ApiProblem.badRequest("The batch is not usable: " + e.getMessage() + ".");
    }
    if (orders > maxBatchOrders) {
      uploads.discard(received.fileId());
      throw ApiProblem.tooLarge(
          "A batch holds at most " + maxBatchOrders + " orders; this one has " + orders + ".");
    }
    if (orders == 0) {
      uploads.discard(received.fileId());
      throw ApiProblem.badRequest("The batch holds no orders.");
    }
    return accept(received, "json", StandardCharsets.UTF_8, null, idempotencyKey);
  }

  private Accepted accept(
      ImportUploads.Received received,
      String source,
      Charset charset,
      String fileName,
      String idempotencyKey) {
    Optional<OrderImport> earlier = store.findBySha256(received.sha256());
    if (earlier.isPresent()) {
      uploads.discard(received.fileId());
      return new Accepted(store.view(earlier.get().getId()), Outcome.SAME_BYTES);
    }
    OrderImport upload;
    try {
      upload =
          store.create(
              new OrderImport(
                  source,
                  fileName,
                  received.sha256(),
                  charset.name(),
                  received.fileId(),
                  idempotencyKey));
    } catch (EJBException raced) {
      uploads.discard(received.fileId());
      // The same key or the same bytes arrived twice at once; the other request recorded them.
      if (idempotencyKey != null) {
        Optional<Accepted> byKey = madeWith(idempotencyKey, received);
        if (byKey.isPresent()) {
          return byKey.get();
        }
      }
      return store
          .findBySha256(received.sha256())
          .map(i -> new Accepted(store.view(i.getId()), Outcome.SAME_BYTES))
          .orElseThrow(() -> raced);
    }
    jobs.start(upload.getId());
    return new Accepted(store.view(upload.getId()), Outcome.CREATED);
  }

  /**
   * The import {@code key} made, if it made one, for a repeat of the same body.
   *
   * @throws ApiProblem 422 when the key made an import of another body
   */
  private Optional<Accepted> madeWith(String key, ImportUploads.Received received) {
    Optional<OrderImport> earlier = store.findByIdempotencyKey(key);
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    if (!earlier.get().getSha256().equals(received.sha256())) {
      uploads.discard(received.fileId());
      throw new ApiProblem(
          422,
          "Unprocessable Content",
          "This Idempotency-Key was used for another batch (import "
              + earlier.get().getId()
              + "); use a new key for a new batch.",
          List.of());
    }
    return Optional.of(new Accepted(store.view(earlier.get().getId()), Outcome.REPLAYED));
  }

  /** The key's column is VARCHAR(255); the rule is that of POST /api/v1/orders/. */
  private static void checkKey(String key) {
    if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH || key.indexOf('\0') >= 0)) {
      throw ApiProblem.badRequest("The Idempotency-Key header must have 1 to 255 characters.");
    }
  }
}
