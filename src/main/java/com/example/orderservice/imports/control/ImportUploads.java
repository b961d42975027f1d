package com.example.orderservice.imports.control;

import com.example.orderservice.platform.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps uploaded import files under {@code IMPORT_STORAGE_DIR} before the import is answered, so a
 * restarted server can read them again. Streams to disk while hashing and counting: an upload never
 * sits in memory, and one over {@code IMPORT_MAX_BYTES} is refused with nothing kept.
 */
@ApplicationScoped
public class ImportUploads {

  @Inject
  @ConfigProperty(name = "IMPORT_STORAGE_DIR", defaultValue = "order-imports")
  String storageDir;

  @Inject
  @ConfigProperty(name = "IMPORT_MAX_BYTES", defaultValue = "104857600")
  long maxBytes;

  /** A received upload: where it lies now, its SHA-256 and its size. */
  public record Received(Path file, String sha256, long bytes) {}

  /**
   * Stores {@code body} in a temporary file.
   *
   * @throws ApiProblem 413 when it is larger than the limit (the partial file is deleted)
   */
  public Received receive(InputStream body, long declaredLength) {
    if (declaredLength > maxBytes) {
      throw tooLarge();
    }
    Path dir = directory();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "upload-", ".part");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (InputStream in = body;
          OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
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
      return new Received(temp, HexFormat.of().formatHex(sha.digest()), total);
    } catch (IOException e) {
      discard(temp);
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      discard(temp);
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      discard(temp);
      throw e;
    }
  }

  /** Moves a received upload to its lasting place, named by its hash. */
  public Path keep(Received upload, String extension) {
    Path target = directory().resolve(upload.sha256() + "." + extension);
    try {
      return Files.move(upload.file(), target, StandardCopyOption.REPLACE_EXISTING)
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void discard(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stray temporary file is harmless
      }
    }
  }

  private Path directory() {
    try {
      return Files.createDirectories(Path.of(storageDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + storageDir, e);
    }
  }

  private ApiProblem tooLarge() {
    return ApiProblem.tooLarge("The upload is larger than " + maxBytes + " bytes.");
  }
}
