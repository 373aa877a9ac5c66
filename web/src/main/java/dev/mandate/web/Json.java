package dev.mandate.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the API: strict reading into the request records of {@link Requests}
 * (unknown fields, duplicate keys, trailing tokens, nulls for primitives and scalar coercions are
 * all errors) and writing of the views of {@link Views}. Error messages name the JSON path and the
 * expected type, never the value that was sent (it may be personal data): Jackson's own messages
 * quote the input, so they are never passed on.
 */
final class Json {
  static final int MAX_SHOWN_NAME = 64;

  private final ObjectMapper mapper;
  private final ObjectWriter writer;
  private final ConcurrentHashMap<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  Json() {
    this(false);
  }

  /**
   * With {@code flagsMayBeUnsaid}, a {@code Boolean} that is absent or null stays null ("not
   * said"), as instructions need; otherwise an absent flag is false and null is an error.
   */
  Json(boolean flagsMayBeUnsaid) {
    JsonMapper m = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .addModule(new JavaTimeModule())
        .addModule(new SimpleModule("mandate-strict-boolean")
            .addDeserializer(boolean.class, StrictBoolean.INSTANCE)
            .addDeserializer(Boolean.class, flagsMayBeUnsaid ? StrictBoolean.UNSAID : StrictBoolean.INSTANCE))
        // [null] inside a list or a map is an error at that path, not a NullPointerException later
        .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
        .build();
    m.coercionConfigDefaults()
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail)
        .setAcceptBlankAsEmpty(false);
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Enum)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    this.mapper = m;
    this.writer = m.writer();
  }

  /** Reads a required JSON object body into {@code type}. */
  <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw new HttpProblem(400, ErrorCode.INVALID_JSON, "This request needs a JSON object as its body.");
    }
    T value = parse(body, type);
    if (value == null) {
      throw new HttpProblem(400, ErrorCode.INVALID_JSON, "The body must be a JSON object, not null.");
    }
    return value;
  }

  /** Reads an optional body: an empty body gives {@code empty}. */
  <T> T readOptional(byte[] body, Class<T> type, T empty) {
    if (body.length == 0) {
      return empty;
    }
    return read(body, type);
  }

  private <T> T parse(byte[] body, Class<T> type) {
    ObjectReader reader = readers.computeIfAbsent(type, mapper::readerFor);
    try {
      return reader.readValue(body);
    } catch (UnrecognizedPropertyException e) {
      String path = path(e.getPath());
      throw new HttpProblem(400, ErrorCode.UNKNOWN_FIELD, "'" + path + "' is not a field of this request.",
          List.of(new FieldError(path, "UNKNOWN_FIELD", "'" + path + "' is not a known field"
              + known(e.getKnownPropertyIds()) + ".")));
    } catch (InvalidNullException e) {
      String path = path(e.getPath());
      throw invalid(path, "NULL_NOT_ALLOWED", path + " must not be null.");
    } catch (InvalidFormatException e) {
      String path = path(e.getPath());
      throw invalid(path, "INVALID_VALUE", path + " must be " + expected(e.getTargetType()) + ".");
    } catch (MismatchedInputException e) {
      if (isTrailingTokens(e)) {
        throw new HttpProblem(400, ErrorCode.INVALID_JSON,
            "The body holds more than one JSON value; send exactly one object.");
      }
      String path = path(e.getPath());
      throw invalid(path, "WRONG_TYPE", path + " must be " + expected(e.getTargetType()) + ".");
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof StreamReadException cause) {
        throw malformed(cause); // a syntax error met while binding, wrapped with the binding path
      }
      String path = path(e.getPath());
      throw invalid(path, "INVALID_VALUE", path + " has an invalid value.");
    } catch (StreamReadException e) {
      throw malformed(e);
    } catch (JsonProcessingException e) {
      throw new HttpProblem(400, ErrorCode.INVALID_JSON, "The body is not valid JSON.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Booleans are {@code true} or {@code false} only; an explicit {@code null} is an error (as
   * FAIL_ON_NULL_FOR_PRIMITIVES asks) but an absent flag is false. Jackson's own primitive
   * handling fails on an absent record component, which would make every flag mandatory.
   */
  static final class StrictBoolean extends StdScalarDeserializer<Boolean> {
    static final StrictBoolean INSTANCE = new StrictBoolean(false);
    /** For {@code Boolean} fields where absent or null means "not said". */
    static final StrictBoolean UNSAID = new StrictBoolean(true);
    private final boolean unsaid;

    private StrictBoolean(boolean unsaid) {
      super(Boolean.class);
      this.unsaid = unsaid;
    }

    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_TRUE) {
        return Boolean.TRUE;
      }
      if (p.currentToken() == JsonToken.VALUE_FALSE) {
        return Boolean.FALSE;
      }
      return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
    }

    @Override
    public Boolean getNullValue(DeserializationContext ctxt) throws JsonMappingException {
      if (unsaid) {
        return null;
      }
      throw InvalidNullException.from(ctxt, null, ctxt.constructType(Boolean.class));
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return unsaid ? null : Boolean.FALSE;
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Boolean;
    }
  }

  byte[] write(Object value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static HttpProblem invalid(String path, String code, String message) {
    return new HttpProblem(400, ErrorCode.INVALID_REQUEST, message, List.of(new FieldError(path, code, message)));
  }

  private static HttpProblem malformed(StreamReadException e) {
    String where = e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Duplicate field")) {
      String path = e.getProcessor() instanceof JsonParser p ? pointerPath(p.getParsingContext()) : "$";
      return new HttpProblem(400, ErrorCode.INVALID_JSON, "A JSON object has the same key twice (" + path + ").",
          List.of(new FieldError(path, "DUPLICATE_KEY", path + " appears more than once in its object.")));
    }
    return new HttpProblem(400, ErrorCode.INVALID_JSON, "The body is not valid JSON" + where + ".");
  }

  private static boolean isTrailingTokens(MismatchedInputException e) {
    String m = e.getOriginalMessage();
    return m != null && m.startsWith("Trailing token");
  }

  /** {@code purposes[0].retention}; {@code $} for the body itself. */
  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(shorten(r.getFieldName()));
      }
    }
    return sb.isEmpty() ? "$" : sb.toString();
  }

  private static String pointerPath(JsonStreamContext context) {
    // the context of a duplicate key is the object holding it, with the key as current name
    StringBuilder sb = new StringBuilder();
    appendContext(sb, context);
    return sb.isEmpty() ? "$" : sb.toString();
  }

  private static void appendContext(StringBuilder sb, JsonStreamContext c) {
    if (c == null || c.inRoot()) {
      return;
    }
    appendContext(sb, c.getParent());
    if (c.inArray()) {
      sb.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
    } else if (c.inObject() && c.getCurrentName() != null) {
      if (!sb.isEmpty()) {
        sb.append('.');
      }
      sb.append(shorten(c.getCurrentName()));
    }
  }

  private static String shorten(String name) {
    return name.length() > MAX_SHOWN_NAME ? name.substring(0, MAX_SHOWN_NAME) + "…" : name;
  }

  private static String known(Collection<Object> ids) {
    if (ids == null || ids.isEmpty() || ids.size() > 20) {
      return "";
    }
    return "; expected one of " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
          .collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "of another type";
  }
}
