/**
 * The example application's Gearman jobs: {@link io.gearmancdi.example.GearmanJobs} (reverse, add, whereAmI) and
 * {@link io.gearmancdi.example.ReportJob} (a slow job that reports progress), with {@link ReportArchive} keeping the
 * reports produced by this application instance. Not an API: example code.
 */
package io.gearmancdi.example;
