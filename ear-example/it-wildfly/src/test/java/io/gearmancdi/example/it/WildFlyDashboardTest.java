package io.gearmancdi.example.it;

/**
 * Issue 15: the dashboard in WildFly, in headless Chromium. The users are in the default application realm
 * ({@code application-users.properties}, {@code application-roles.properties}), written by this module's build.
 */
class WildFlyDashboardTest extends DashboardScenarios {
}
