package io.tsunagu.frontend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Package boundaries of frontend-web: api → status / dashboard / proxy → config, and no blocking HTTP client
 * anywhere.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tsunagu.frontend");

    @Test
    void statusDoesNotKnowTheRestLayer() {
        noClasses().that().resideInAPackage("..frontend.status..")
                .should().dependOnClassesThat().resideInAPackage("..frontend.api..")
                .check(CLASSES);
    }

    @Test
    void dashboardAndProxyDoNotKnowTheRestLayer() {
        noClasses().that().resideInAnyPackage("..frontend.dashboard..", "..frontend.proxy..")
                .should().dependOnClassesThat().resideInAPackage("..frontend.api..")
                .check(CLASSES);
    }

    @Test
    void configDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("..frontend.config..")
                .should().dependOnClassesThat().resideInAnyPackage("..frontend.api..", "..frontend.status..",
                        "..frontend.dashboard..", "..frontend.proxy..")
                .check(CLASSES);
    }

    @Test
    void noBlockingHttpClientIsUsed() {
        // The probes and the storage proxy run on the event loop: only the Vert.x WebClient may talk to the services.
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.net.http..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
                .check(CLASSES);
    }
}
