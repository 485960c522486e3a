package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.ProgressEvent;
import io.sealer.api.event.SealerEvent;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.image.PlatformNotFoundException;
import io.sealer.api.registry.ManifestUnknownException;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullPolicy;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.PushResult;
import io.sealer.api.registry.RegistryAuthenticationException;
import io.sealer.api.registry.RegistryCertificateException;
import io.sealer.api.registry.RegistryUnreachableException;
import io.sealer.image.store.ImageStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push, pull and login against real {@code docker-registry} processes. */
class RegistryClientIT {
  @TempDir Path tmp;
  private final List<SealerEvent> events = new CopyOnWriteArrayList<>();

  private DefaultRegistryClient client(ImageStore store) {
    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), events::add);
    return new DefaultRegistryClient(
        store, settings, List.of(tmp.resolve("home/certs.d")), tmp.resolve("docker/config.json"));
  }

  private ImageStore store(String name) {
    return ImageStores.openLayout(tmp.resolve(name));
  }

  private static final PushOptions INSECURE_PUSH = new PushOptions(false, true, 6);
  private static final PullOptions INSECURE_PULL =
      PullOptions.defaults().withSkipTlsVerify(true).withPlatform(Platform.LINUX_AMD64);

  @Test
  void pushThenPullKeepsDigestsAndSecondPushSkipsEverything() throws Exception {
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), false, false)) {
      ImageStore source = store("a");
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/demo:v1");
      Descriptor manifest = TestImages.image(source, ref, 1, 3_000_000, 10_000, 2_500_000);

      PushResult pushed = client(source).push(ref, INSECURE_PUSH);
      assertThat(pushed.manifest().digest()).isEqualTo(manifest.digest());
      assertThat(pushed.blobsUploaded()).isEqualTo(4);
      assertThat(pushed.blobsSkipped()).isZero();
      assertProgressNeverGoesBack();

      PushResult again = client(source).push(ref, INSECURE_PUSH);
      assertThat(again.blobsUploaded()).isZero();
      assertThat(again.blobsSkipped()).isEqualTo(4);
      assertThat(again.bytesUploaded()).isZero();

      ImageStore target = store("b");
      PullResult pulled = client(target).pull(ref, INSECURE_PULL);
      assertThat(pulled.manifest().digest()).isEqualTo(manifest.digest());
      assertThat(pulled.blobsDownloaded()).isEqualTo(4);
      assertThat(target.readBlob(manifest.digest())).isEqualTo(source.readBlob(manifest.digest()));
      assertThat(target.require(ref.toString()).manifest().digest()).isEqualTo(manifest.digest());

      PullResult missing = client(target).pull(ref, INSECURE_PULL.withPolicy(PullPolicy.MISSING));
      assertThat(missing.fromRegistry()).isFalse();
      PullResult always = client(target).pull(ref, INSECURE_PULL);
      assertThat(always.blobsSkipped()).isEqualTo(4);
      assertThat(always.blobsDownloaded()).isZero();
    }
  }

  @Test
  void crossRepositoryMountAndIndexWithPlatformSelection() throws Exception {
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), false, false)) {
      ImageStore source = store("a");
      ImageReference multi = ImageReference.parse(registry.host() + "/sealer/multi:v1");
      Descriptor index =
          TestImages.index(source, multi, 7, Platform.LINUX_AMD64, Platform.LINUX_ARM64);
      PushResult pushed = client(source).push(multi, INSECURE_PUSH.withAll());
      assertThat(pushed.manifest().digest()).isEqualTo(index.digest());

      ImageReference copy = ImageReference.parse(registry.host() + "/other/multi:v1");
      source.setName(copy, index);
      PushResult mounted = client(source).push(copy, INSECURE_PUSH);
      assertThat(mounted.blobsMounted()).isEqualTo(pushed.blobsUploaded());
      assertThat(mounted.bytesUploaded()).isZero();

      ImageStore arm = store("arm");
      PullResult one = client(arm).pull(copy, INSECURE_PULL.withPlatform(Platform.LINUX_ARM64));
      assertThat(one.manifest().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(one.blobsDownloaded()).isEqualTo(3);

      ImageStore all = store("all");
      PullResult both = client(all).pull(multi, INSECURE_PULL.withPlatform(null));
      assertThat(both.manifest().digest()).isEqualTo(index.digest());
      assertThat(both.blobsDownloaded()).isEqualTo(6);

      assertThatThrownBy(
              () ->
                  client(store("x"))
                      .pull(multi, INSECURE_PULL.withPlatform(Platform.parse("linux/s390x"))))
          .isInstanceOf(PlatformNotFoundException.class)
          .hasMessage(
              "image " + multi + " has no linux/s390x variant; it has linux/amd64, linux/arm64");
    }
  }

  @Test
  void basicAuthLoginPushPullAndRefusals() throws Exception {
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), true, false)) {
      ImageStore source = store("a");
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/auth:v1");
      TestImages.image(source, ref, 2, 100_000);

      assertThatThrownBy(() -> client(source).push(ref, INSECURE_PUSH))
          .isInstanceOf(RegistryAuthenticationException.class)
          .hasMessageContaining(registry.host())
          .hasMessageContaining("sealer login");
      assertThatThrownBy(
              () ->
                  client(source)
                      .login(registry.host(), RegistryServerFixture.USER, "wrong-pw", true))
          .isInstanceOf(RegistryAuthenticationException.class)
          .hasMessageContaining(registry.host())
          .hasMessageNotContaining("wrong-pw");
      Path authFile = tmp.resolve("home/auth.json");
      assertThat(authFile).doesNotExist();

      client(source)
          .login(registry.host(), RegistryServerFixture.USER, RegistryServerFixture.PASSWORD, true);
      assertThat(Files.getPosixFilePermissions(authFile))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(authFile)).contains("\"auths\"").contains(registry.host());

      assertThat(client(source).push(ref, INSECURE_PUSH).blobsUploaded()).isEqualTo(2);
      assertThat(client(store("b")).pull(ref, INSECURE_PULL).blobsDownloaded()).isEqualTo(2);

      assertThat(client(source).logout(registry.host())).isTrue();
      assertThat(client(source).logout(registry.host())).isFalse();
      assertThatThrownBy(() -> client(store("c")).pull(ref, INSECURE_PULL))
          .isInstanceOf(RegistryAuthenticationException.class);
    }
  }

  @Test
  void tlsTrustedThroughCertsDirOrSkipped() throws Exception {
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), true, true)) {
      ImageStore source = store("a");
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/tls:v1");
      TestImages.image(source, ref, 3, 200_000);
      PushOptions verified = PushOptions.defaults();

      assertThatThrownBy(
              () ->
                  client(source)
                      .login(
                          registry.host(),
                          RegistryServerFixture.USER,
                          RegistryServerFixture.PASSWORD,
                          false))
          .isInstanceOf(RegistryCertificateException.class)
          .hasMessageContaining(registry.host())
          .hasMessageContaining("certs.d");

      registry.trustIn(tmp.resolve("home/certs.d"));
      client(source)
          .login(
              registry.host(), RegistryServerFixture.USER, RegistryServerFixture.PASSWORD, false);
      assertThat(client(source).push(ref, verified).blobsUploaded()).isEqualTo(2);
      PullResult pulled =
          client(store("b")).pull(ref, PullOptions.defaults().withPlatform(Platform.LINUX_AMD64));
      assertThat(pulled.blobsDownloaded()).isEqualTo(2);

      // skip-tls-verify without the CA: unverified TLS still works
      Files.delete(tmp.resolve("home/certs.d").resolve(registry.host()).resolve("ca.crt"));
      assertThat(client(store("c")).pull(ref, INSECURE_PULL).blobsDownloaded()).isEqualTo(2);
    }
  }

  @Test
  void plainRegistryElsewhereNeedsSkipTlsVerify() throws Exception {
    String address = nonLoopbackAddress();
    assumeTrue(address != null, "this machine has no non-loopback IPv4 address");
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), false, false, address)) {
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/none:v1");
      assertThatThrownBy(() -> client(store("a")).pull(ref, PullOptions.defaults()))
          .isInstanceOf(RegistryCertificateException.class)
          .hasMessageContaining("--skip-tls-verify");
      assertThatThrownBy(() -> client(store("a")).pull(ref, INSECURE_PULL))
          .isInstanceOf(ManifestUnknownException.class)
          .hasMessageContaining(registry.host())
          .hasMessageContaining("sealer/none");
    }
  }

  @Test
  void certificateOfAnotherHostIsRefusedEvenFromATrustedCa() throws Exception {
    String address = nonLoopbackAddress();
    assumeTrue(address != null, "this machine has no non-loopback IPv4 address");
    // the server certificate names 127.0.0.1 and localhost only
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), false, true, address)) {
      registry.trustIn(tmp.resolve("home/certs.d"));
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/none:v1");
      assertThatThrownBy(() -> client(store("a")).pull(ref, PullOptions.defaults()))
          .isInstanceOf(RegistryCertificateException.class)
          .hasMessageContaining(registry.host())
          .hasMessageContaining(address);
      // opting out of verification skips the name check too
      assertThatThrownBy(() -> client(store("a")).pull(ref, INSECURE_PULL))
          .isInstanceOf(ManifestUnknownException.class);
    }
  }

  @Test
  void plainRegistryOnThisMachineIsAllowedAsDockerDoes() throws Exception {
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), false, false)) {
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/none:v1");
      assertThatThrownBy(() -> client(store("a")).pull(ref, PullOptions.defaults()))
          .isInstanceOf(ManifestUnknownException.class)
          .hasMessageContaining("sealer/none");
    }
  }

  static String nonLoopbackAddress() throws Exception {
    for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (var address : java.util.Collections.list(nic.getInetAddresses())) {
        if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
          return address.getHostAddress();
        }
      }
    }
    return null;
  }

  @Test
  void unreachableRegistryIsReported() throws Exception {
    String host = "127.0.0.1:" + RegistryServerFixture.freePort();
    ImageReference ref = ImageReference.parse(host + "/sealer/none:v1");
    assertThatThrownBy(() -> client(store("a")).pull(ref, INSECURE_PULL))
        .isInstanceOf(RegistryUnreachableException.class)
        .hasMessageContaining(host)
        .hasMessageContaining("connection refused");
  }

  private void assertProgressNeverGoesBack() {
    long last = -1;
    for (SealerEvent e : events) {
      if (e instanceof ProgressEvent p) {
        assertThat(p.done()).isGreaterThanOrEqualTo(last);
        assertThat(p.done()).isLessThanOrEqualTo(p.total());
        last = p.done();
      }
    }
    assertThat(last).isPositive();
  }
}
