package com.example.orderservice.imports.control;

import com.example.orderservice.platform.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes an uploaded import file in: streams it into {@link ImportFiles} (the database, readable by
 * every instance) while hashing and counting, before the import is answered. An upload never sits
 * in memory, and one over {@code IMPORT_MAX_BYTES} is refused with nothing kept.
 */
@ApplicationScoped
public class ImportUploads {

  @Inject ImportFiles files;

  @Inject
  @ConfigProperty(name = "IMPORT_MAX_BYTES", defaultValue = "104857600")
  long maxBytes;

  /** A received upload: the stored file, its SHA-256 and its size. */
  public record Received(long fileId, String sha256, long bytes) {}

  /**
   * Stores {@code body} as a new file.
   *
   * @throws ApiProblem 413 when it is larger than the limit (what was stored is removed)
   */
  public Received receive(InputStream body, long declaredLength) {
    if (declaredLength > maxBytes) {
      throw tooLarge();
    }
    long fileId = files.create();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (InputStream in = body;
          OutputStream out = new DigestOutputStream(files.writer(fileId), sha)) {
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) != -1; ) {
          total += n;
          if (total > maxBytes) {
            throw tooLarge();
          }
          out.write(buffer, 0, n);
        }
      }
      if (total == 0) {
        throw ApiProblem.badRequest("The upload is empty.");
      }
      return new Received(fileId, HexFormat.of().formatHex(sha.digest()), total);
    } catch (IOException e) {
      discard(fileId);
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      discard(fileId);
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      discard(fileId);
      throw e;
    }
  }

  /** Removes a stored upload that will not be imported. */
  public void discard(long fileId) {
    files.delete(fileId);
  }

  private ApiProblem tooLarge() {
    return ApiProblem.tooLarge("The upload is larger than " + maxBytes + " bytes.");
  }
}
