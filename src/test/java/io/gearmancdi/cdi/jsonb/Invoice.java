package io.gearmancdi.cdi.jsonb;

import java.math.BigDecimal;

/** Issue 13, configurable JSON-B: a job argument whose JSON form the application's {@code Jsonb} defines. */
public record Invoice(String customerName, Money total) {

    /** An amount with its currency; written by {@link MoneyAdapter} as {@code {"value": "12.50", "currency": "EUR"}}. */
    public record Money(BigDecimal value, String currencyCode) {
    }
}
