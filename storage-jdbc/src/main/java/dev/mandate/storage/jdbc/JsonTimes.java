package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Dates and instants in the JSON columns, as ISO-8601 text, without pulling in Jackson's java.time
 * module: what the stores write is exactly {@code toString()}, and what they read is {@code parse}.
 */
final class JsonTimes {
  private JsonTimes() {}

  /** Reads and writes {@link LocalDate} and {@link Instant} as ISO-8601 text. */
  static SimpleModule module(String name) {
    return new SimpleModule(name)
        .addSerializer(LocalDate.class, ToStringSerializer.instance)
        .addDeserializer(LocalDate.class, new LocalDates())
        .addSerializer(Instant.class, ToStringSerializer.instance)
        .addDeserializer(Instant.class, new Instants());
  }

  static final class LocalDates extends StdScalarDeserializer<LocalDate> {
    LocalDates() {
      super(LocalDate.class);
    }

    @Override
    public LocalDate deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return LocalDate.parse(p.getValueAsString());
    }
  }

  static final class Instants extends StdScalarDeserializer<Instant> {
    Instants() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return Instant.parse(p.getValueAsString());
    }
  }
}
