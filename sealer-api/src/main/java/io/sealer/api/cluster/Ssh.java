package io.sealer.api.cluster;

import org.jspecify.annotations.Nullable;

/**
 * SSH settings of the cluster ({@code spec.ssh}) or of one host ({@code spec.hosts[].ssh}). A null
 * field is not set; {@link #mergedOver} fills it from the cluster. {@link #toString()} never shows
 * the password or key passphrase.
 *
 * @param user the login user
 * @param passwd the password (AES-encrypted and base64 when {@code encrypted} is true)
 * @param pk the path of the private key file on the machine running Sealer
 * @param pkPasswd the passphrase of the private key
 * @param port the port, as a string as in Sealer's Clusterfile
 * @param encrypted whether {@code passwd} is encrypted
 */
public record Ssh(
    @Nullable String user,
    @Nullable String passwd,
    @Nullable String pk,
    @Nullable String pkPasswd,
    @Nullable String port,
    @Nullable Boolean encrypted) {

  /** Nothing set. */
  public static final Ssh EMPTY = new Ssh(null, null, null, null, null, null);

  /** This host's settings with every unset (null or empty) field taken from {@code base}. */
  public Ssh mergedOver(Ssh base) {
    return new Ssh(
        pick(user, base.user),
        pick(passwd, base.passwd),
        pick(pk, base.pk),
        pick(pkPasswd, base.pkPasswd),
        pick(port, base.port),
        encrypted != null ? encrypted : base.encrypted);
  }

  /** The port as a number, 22 when unset. */
  public int portNumber() {
    return port == null || port.isEmpty() ? 22 : Integer.parseInt(port);
  }

  private static @Nullable String pick(@Nullable String own, @Nullable String base) {
    return own != null && !own.isEmpty() ? own : base;
  }

  @Override
  public String toString() {
    return "Ssh[user="
        + user
        + ", passwd="
        + (passwd == null ? null : "***")
        + ", pk="
        + pk
        + ", pkPasswd="
        + (pkPasswd == null ? null : "***")
        + ", port="
        + port
        + ", encrypted="
        + encrypted
        + "]";
  }
}
