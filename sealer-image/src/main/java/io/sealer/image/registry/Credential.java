package io.sealer.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password (or identity token) for one registry. {@link #toString()} never shows
 * the password.
 */
record Credential(String username, String password) {

  Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** The value of a basic {@code Authorization} header. */
  String basicHeader() {
    return "Basic " + encoded();
  }

  /** {@code base64(user:password)}, as auth files store it. */
  String encoded() {
    return Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes the {@code auth} field of an auth file. */
  static Credential decode(String auth) {
    String text = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("auth value without ':'");
    }
    return new Credential(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return "Credential[" + username + ", ****]";
  }
}
