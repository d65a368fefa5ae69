package io.gearmancdi.example.it;

/**
 * Issue 15: the dashboard registered by the library's web-fragment.xml in a plain WAR, in WildFly (users of the
 * default application realm, written by this module's build).
 */
class WildFlyWebFragmentTest extends WebFragmentScenarios {
}
