package io.gearmancdi.cdi.jsonb;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** Workers of the invoice jobs. */
@ApplicationScoped
public class InvoiceJobs {
    @GearmanJob(name = "jsonb-with-tax")
    public Invoice withTax(Invoice invoice) {
        return new Invoice(invoice.customerName(), new Invoice.Money(
                invoice.total().value().multiply(new BigDecimal("1.2")).setScale(2), invoice.total().currencyCode()));
    }

    @GearmanJob(name = "jsonb-describe")
    public String describe(Invoice invoice) {
        return invoice.customerName() + " owes " + invoice.total().value().toPlainString() + " "
                + invoice.total().currencyCode();
    }
}
