package io.gearmancdi.example;

/**
 * What the report job produces.
 *
 * @param customer   the customer the report is for
 * @param pages      how many pages were rendered
 * @param renderedBy the name of the thread that rendered it
 */
public record Report(String customer, int pages, String renderedBy) {
}
