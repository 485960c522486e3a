package io.sealer.sdk;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.VersionInfo;
import io.sealer.api.event.EventListener;
import io.sealer.filesystem.distribute.DistributeModule;
import io.sealer.image.ImageModule;
import io.sealer.infra.InfraModule;
import io.sealer.ipvs.IpvsModule;
import io.sealer.parser.ParserModule;
import io.sealer.runtime.RuntimeModule;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Wires the image and parser modules around one {@link SealerSettings}: what every command needs.
 * The cluster side ({@link ClusterModule}) is wired on first use, in a child injector.
 */
final class SealerModule extends AbstractModule {
  private final SealerSettings settings;

  SealerModule(SealerSettings settings) {
    this.settings = settings;
  }

  @Override
  protected void configure() {
    bind(SealerSettings.class).toInstance(settings);
    bind(EventListener.class).toInstance(settings.events());
    install(new ImageModule());
    install(new ParserModule());
  }

  /**
   * Hosts, distribution, lvscare, infra providers and the runtime: what only cluster commands need.
   * Kept out of the first injector, so that an image command (a pull above all) does not pay for
   * wiring them at start-up.
   */
  static final class ClusterModule extends AbstractModule {
    @Override
    protected void configure() {
      install(new IpvsModule());
      install(new DistributeModule());
      install(new RuntimeModule());
      install(new InfraModule());
    }
  }

  @Provides
  @Singleton
  VersionInfo versionInfo() {
    Properties props = new Properties();
    try (InputStream in = SealerModule.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String commit = props.getProperty("commit", "unknown");
    if (commit.isBlank() || commit.startsWith("${")) {
      commit = "unknown";
    }
    return new VersionInfo(
        props.getProperty("version", "unknown"),
        commit,
        System.getProperty("java.version"),
        Platform.host());
  }
}
