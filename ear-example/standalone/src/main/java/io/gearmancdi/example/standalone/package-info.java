/**
 * The example outside any application server: {@link io.gearmancdi.example.standalone.ExampleMain}. Not an API:
 * example code.
 */
package io.gearmancdi.example.standalone;
