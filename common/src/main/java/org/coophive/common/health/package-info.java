/**
 * Health checks the services share ({@code /actuator/health}). Needs {@code spring-boot-health} on
 * the classpath (an optional dependency of this module; every service has it through the actuator).
 */
package org.coophive.common.health;
