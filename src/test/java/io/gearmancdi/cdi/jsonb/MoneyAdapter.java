package io.gearmancdi.cdi.jsonb;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.adapter.JsonbAdapter;

import java.math.BigDecimal;

/** Amounts as decimal strings, as payment APIs write them, so that no reader turns them into binary floating point. */
public class MoneyAdapter implements JsonbAdapter<Invoice.Money, JsonObject> {
    @Override
    public JsonObject adaptToJson(Invoice.Money money) {
        return Json.createObjectBuilder().add("value", money.value().toPlainString())
                .add("currency", money.currencyCode()).build();
    }

    @Override
    public Invoice.Money adaptFromJson(JsonObject json) {
        return new Invoice.Money(new BigDecimal(json.getString("value")), json.getString("currency"));
    }
}
