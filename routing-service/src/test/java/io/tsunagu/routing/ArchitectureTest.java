package io.tsunagu.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of routing-service (STYLE.md §3): api, dispatch and sys → session and retained → stream and
 * topic, and topic stays pure.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tsunagu.routing");

    @Test
    void topicDependsOnNothingOfOursButContracts() {
        classes().that().resideInAPackage("io.tsunagu.routing.topic..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.tsunagu.routing.topic..", "io.tsunagu.contracts..", "java..")
                .check(CLASSES);
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("health").definedBy("io.tsunagu.routing.health..")
                .layer("api").definedBy("io.tsunagu.routing.api..")
                .layer("dispatch").definedBy("io.tsunagu.routing.dispatch..")
                .layer("sys").definedBy("io.tsunagu.routing.sys..")
                .layer("session").definedBy("io.tsunagu.routing.session..")
                .layer("retained").definedBy("io.tsunagu.routing.retained..")
                .layer("stream").definedBy("io.tsunagu.routing.stream..")
                .layer("topic").definedBy("io.tsunagu.routing.topic..")
                .layer("config").definedBy("io.tsunagu.routing.config..")
                .whereLayer("health").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("dispatch").mayNotBeAccessedByAnyLayer()
                .whereLayer("sys").mayNotBeAccessedByAnyLayer()
                .whereLayer("session").mayOnlyBeAccessedByLayers("api", "dispatch", "sys", "health")
                .whereLayer("retained").mayOnlyBeAccessedByLayers("dispatch", "sys", "health")
                .whereLayer("stream").mayOnlyBeAccessedByLayers("api", "session", "retained", "dispatch", "sys")
                .whereLayer("topic").mayOnlyBeAccessedByLayers("session", "retained", "dispatch")
                .whereLayer("config").mayOnlyBeAccessedByLayers("api", "session", "retained", "stream", "dispatch",
                        "sys", "health")
                .check(CLASSES);
    }

    @Test
    void tablesStreamsAndTopicKnowNothingOfTheMessagingFramework() {
        classes().that().resideInAnyPackage("io.tsunagu.routing.session..", "io.tsunagu.routing.retained..",
                        "io.tsunagu.routing.stream..", "io.tsunagu.routing.topic..")
                .should().onlyDependOnClassesThat()
                .resideOutsideOfPackages("org.eclipse.microprofile.reactive.messaging..",
                        "io.smallrye.reactive.messaging..", "io.smallrye.mutiny..")
                .check(CLASSES);
    }
}
