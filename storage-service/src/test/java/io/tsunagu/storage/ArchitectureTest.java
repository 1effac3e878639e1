package io.tsunagu.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries of STYLE.md §3 for storage: {@code api → repo}, {@code sink → repo}; the repository
 * knows neither its callers nor the REST or messaging APIs; the API and the sink do not know each other.
 */
class ArchitectureTest {

    private static final String BASE = "io.tsunagu.storage";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void repositoryKnowsNoCaller() {
        noClasses().that().resideInAPackage(BASE + ".repo..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".sink..",
                        BASE + ".health..", BASE + ".topology..")
                .check(classes);
    }

    @Test
    void topologyRulesKnowNeitherTheApiNorTheSinks() {
        noClasses().that().resideInAPackage(BASE + ".topology..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".sink..",
                        "jakarta.ws.rs..")
                .check(classes);
    }

    @Test
    void repositoryUsesNeitherRestNorMessaging() {
        noClasses().that().resideInAPackage(BASE + ".repo..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..",
                        "org.eclipse.microprofile.reactive.messaging..", "org.apache.kafka..")
                .check(classes);
    }

    @Test
    void apiDoesNotReachIntoTheSink() {
        noClasses().that().resideInAPackage(BASE + ".api..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".sink..")
                .check(classes);
    }

    @Test
    void sinkDoesNotReachIntoTheApi() {
        noClasses().that().resideInAPackage(BASE + ".sink..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", "jakarta.ws.rs..")
                .check(classes);
    }

    @Test
    void configDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage(BASE + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".sink..",
                        BASE + ".repo..", BASE + ".health..")
                .check(classes);
    }
}
