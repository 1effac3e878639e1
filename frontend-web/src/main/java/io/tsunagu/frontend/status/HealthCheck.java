package io.tsunagu.frontend.status;

/**
 * One readiness check of a service, as its {@code /q/health/ready} listed it.
 *
 * @param name the check's name
 * @param status its state
 */
public record HealthCheck(String name, Health status) {
}
