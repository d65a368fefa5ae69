package io.gearmancdi.cdi.jsonb;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

/** The typed interface of the invoice jobs, and of one served by a foreign worker. */
@RegisterGearmanClient
public interface Invoices {
    @GearmanJob(name = "jsonb-with-tax")
    Invoice withTax(Invoice invoice);

    @GearmanJob(name = "jsonb-describe")
    String describe(Invoice invoice);

    /** Served by no bean: the test plays its worker on a raw connection. */
    @GearmanJob(name = "jsonb-foreign")
    Invoice foreign(Invoice invoice);
}
