package io.sealer.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md: no cycles between packages, the api is JDK-only, only
 * the CLI prints, and the SDK's public face shows only api and JDK types.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sealer");
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.sealer.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void apiDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("io.sealer.api..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.sealer.api..", "java..", "org.jspecify..")
        .check(classes);
  }

  @Test
  void libraryModulesDoNotDependOnTheCliOrSdk() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.sealer.cli..", "io.sealer.sdk..", "io.sealer.e2e..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.sealer.cli..", "io.sealer.sdk..")
        .check(classes);
  }

  @Test
  void onlyTheCliPrints() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.sealer.cli..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("libraries report through events; only the CLI prints")
        .check(classes);
  }

  @Test
  void modulesFollowTheDependencyTable() {
    noClasses()
        .that()
        .resideInAnyPackage("io.sealer.parser..", "io.sealer.filesystem..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.sealer.image..", "io.sealer.runtime..")
        .check(classes);
  }

  @Test
  void sdkPublicSignaturesUseApiAndJdkTypesOnly() {
    SdkSurface.check(Sealer.class);
    SdkSurface.check(Sealer.Builder.class);
  }
}
